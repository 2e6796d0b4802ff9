"""A small but real OpenID provider for the tests, served over HTTP on 127.0.0.1 in a thread.

It publishes discovery and a JWKS, runs the authorisation code flow (checking the client, the redirect
URI and the PKCE verifier) and signs ID tokens with an RSA key it generates: the Hub's client checks
them exactly as it would a council's. Knobs let a test make it misbehave (a tampered or expired token, a
wrong audience or issuer) or go down.
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "hub-test-client"
CLIENT_SECRET = "hub-test-secret"


class FakeProvider:
    """Start with FakeProvider().start(); set `.user` to the claims of the person who 'signs in'."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.server = None
        self.issuer = ""
        self.reset()

    def reset(self):
        self.user = {"sub": "staff-1", "email": "sam.taylor@example.org", "email_verified": True,
                     "name": "Sam Taylor", "groups": []}
        self.tamper = ""  # "signature", "expired", "audience", "issuer", "nonce", "no_id_token"
        self.down = False
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.logouts: list[dict] = []
        self.redirect_uris = {"http://localhost/auth/oidc/callback"}

    # --- serving ------------------------------------------------------------------------------
    def start(self) -> "FakeProvider":
        self.server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, name="fake-oidc", daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wsgi(self, environ, start_response):
        request = Request(environ)
        if self.down:
            return Response("down for maintenance", 503)(environ, start_response)
        handler = {"/.well-known/openid-configuration": self.discovery, "/jwks": self.jwks,
                   "/authorize": self.authorize, "/token": self.token, "/logout": self.logout}.get(request.path)
        response = handler(request) if handler else Response("not found", 404)
        return response(environ, start_response)

    @staticmethod
    def _json(data, status=200) -> Response:
        return Response(json.dumps(data), status, content_type="application/json")

    # --- endpoints ----------------------------------------------------------------------------
    def discovery(self, request) -> Response:
        return self._json({
            "issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"], "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]})

    def jwks(self, request) -> Response:
        return self._json({"keys": [self.key.as_dict(private=False)]})

    def authorize(self, request) -> Response:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("redirect_uri") not in self.redirect_uris:
            return Response("unknown client or redirect URI", 400)
        if args.get("response_type") != "code" or args.get("code_challenge_method") != "S256":
            return Response("code flow with PKCE (S256) only", 400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": args.get("nonce"), "challenge": args.get("code_challenge"),
                            "redirect_uri": args["redirect_uri"], "user": dict(self.user), "scope": args.get("scope")}
        query = urlencode({"code": code, "state": args.get("state", "")})
        return Response("", 302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def _client_ok(self, request) -> bool:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        else:
            client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
        return client_id == CLIENT_ID and secret == CLIENT_SECRET

    def token(self, request) -> Response:
        form = request.form
        self.token_requests.append(dict(form))
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if not self._client_ok(request):
            return self._json({"error": "invalid_client"}, 401)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return self._json({"error": "invalid_grant"}, 400)
        verifier = form.get("code_verifier", "")
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if expected != grant["challenge"]:
            return self._json({"error": "invalid_grant", "error_description": "PKCE verifier mismatch"}, 400)
        body = {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300}
        if self.tamper != "no_id_token":
            body["id_token"] = self.id_token(grant)
        return self._json(body)

    def logout(self, request) -> Response:
        self.logouts.append(dict(request.args))
        target = request.args.get("post_logout_redirect_uri")
        return Response("", 302, headers={"Location": target}) if target else Response("signed out")

    # --- tokens -------------------------------------------------------------------------------
    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": grant["nonce"],
                  **grant["user"]}
        if self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        elif self.tamper == "audience":
            claims["aud"] = "some-other-app"
        elif self.tamper == "issuer":
            claims["iss"] = "https://evil.example.net"
        elif self.tamper == "nonce":
            claims["nonce"] = "not-the-nonce"
        token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, self.key)
        if self.tamper == "signature":
            header, payload, signature = token.split(".")
            changed = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            changed["email"] = "admin@example.org"
            payload = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
            token = ".".join([header, payload, signature])
        return token
