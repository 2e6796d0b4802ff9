// The OpenID provider the sign-in tests run against: panva's oidc-provider (OpenID Certified), on
// 127.0.0.1, with one registered client (the Hub) and its development sign-in pages (any login name
// signs in as that person). Started by tests/auth/test_oidc_provider_npm.py; never used in production.
//   node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI POST_LOGOUT_URI
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri, postLogoutUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// The login name chooses the person and their groups: "sam.lee+sds-champions" is sam.lee@example.org in
// the group sds-champions (the same person, whatever groups follow the "+").
function claimsFor(login) {
  const [who, ...groups] = login.split("+");
  return {
    sub: `sub-${who}`, email: `${who}@example.org`, email_verified: true,
    name: who.replace(/[-.]/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()), groups,
  };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri], grant_types: ["authorization_code"], response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return claimsFor(id); } };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
  conformIdTokenClaims: false, // put the scope's claims in the ID token, which is what the Hub reads
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["test-only-cookie-key"] },
});
provider.proxy = false;
provider.listen(Number(port), "127.0.0.1", () => { console.log(`oidc-provider ready at ${issuer}`); });
