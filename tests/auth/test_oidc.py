"""Single sign-on against a real (small) OpenID provider on 127.0.0.1: discovery, JWKS, code flow, PKCE."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth.models import User
from champions.auth.oidc import OidcIdentity
from champions.extensions import db
from tests import factories
from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider


@pytest.fixture(scope="session")
def _provider():
    provider = FakeProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(app, _provider):
    """The provider, reset, and the app configured to use it (as the environment would)."""
    _provider.reset()
    app.config.update(OIDC_ISSUER=_provider.issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET)
    return _provider


def start(client, provider, next_url=None):
    """Press the council button; returns the provider's redirect back to the Hub (the callback URL)."""
    response = client.get("/auth/oidc/sign-in" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.startswith(provider.issuer + "/authorize")
    at_provider = requests.get(response.location, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    return at_provider.headers["Location"].replace("http://localhost", "")


def sso(client, provider, next_url=None):
    return client.get(start(client, provider, next_url))


def signed_in(client) -> bool:
    return client.get("/auth/profile").status_code == 200


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_sign_in_page_offers_the_council_button_only_when_configured(app, client, _provider):
    assert "Sign in with your council account" not in client.get("/auth/sign-in").get_data(as_text=True)
    assert client.get("/auth/oidc/sign-in").status_code == 404
    app.config.update(OIDC_ISSUER=_provider.issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_LABEL="Sign in with Tayside")
    page = client.get("/auth/sign-in").get_data(as_text=True)
    assert "Sign in with Tayside" in page and 'href="/auth/oidc/sign-in"' in page


def test_first_sign_in_creates_a_confirmed_practitioner_account(client, provider):
    response = sso(client, provider)
    assert response.status_code == 302 and response.location == "/"
    user = User.by_email("sam.taylor@example.org")
    assert user.display_name == "Sam Taylor" and user.role == "practitioner" and user.email_confirmed_at
    assert user.password_hash == ""  # no Hub password to steal
    assert db.session.scalar(select(OidcIdentity.subject).where(OidcIdentity.user_id == user.id)) == "staff-1"
    assert "user.sso_create" in actions()
    assert signed_in(client)


def test_the_flow_uses_pkce_state_and_nonce(client, provider):
    response = client.get("/auth/oidc/sign-in")
    query = parse_qs(urlsplit(response.location).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and "openid" in query["scope"][0]
    assert query["redirect_uri"] == ["http://localhost/auth/oidc/callback"]
    callback = requests.get(response.location, allow_redirects=False, timeout=5).headers["Location"]
    client.get(callback.replace("http://localhost", ""))
    assert provider.token_requests[-1]["code_verifier"]  # the provider checked it against the challenge


def test_an_existing_account_with_the_same_verified_email_is_linked_not_duplicated(client, provider):
    existing = factories.user(email="sam.taylor@example.org", role="champion", display_name="Sam T")
    db.session.commit()
    sso(client, provider)
    assert db.session.scalars(select(User).where(User.email == "sam.taylor@example.org")).all() == [existing]
    assert "user.sso_link" in actions()
    assert signed_in(client)  # a champion, yet no second step: the council's own MFA applies
    # Later sign-ins follow the provider's subject, even when the email address changes there.
    client.post("/auth/sign-out")
    provider.user["email"] = "sam.taylor2@example.org"
    sso(client, provider)
    assert signed_in(client) and User.by_email("sam.taylor2@example.org") is None


def test_an_unverified_email_is_not_linked_to_an_existing_account(client, provider):
    factories.user(email="sam.taylor@example.org")
    db.session.commit()
    provider.user["email_verified"] = False
    response = sso(client, provider)
    assert response.status_code == 403
    assert "not verified" in response.get_data(as_text=True)
    assert not signed_in(client)
    assert actions()[-1] == "user.sso_sign_in_failed"


def test_groups_map_to_roles_at_every_sign_in_and_changes_are_audited(app, client, provider):
    app.config.update(OIDC_CHAMPION_GROUPS=["sds-champions"], OIDC_ADMIN_GROUPS=["hub-admins"])
    provider.user["groups"] = ["all-staff", "sds-champions"]
    sso(client, provider)
    assert User.by_email("sam.taylor@example.org").role == "champion"
    client.post("/auth/sign-out")
    provider.user["groups"] = ["all-staff", "hub-admins"]
    sso(client, provider)
    assert User.by_email("sam.taylor@example.org").role == "admin"
    client.post("/auth/sign-out")
    provider.user["groups"] = ["all-staff"]
    sso(client, provider)
    user = User.by_email("sam.taylor@example.org")
    assert user.role == "practitioner"
    changes = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role_change")
                                 .order_by(AuditEvent.id)).all()
    assert [(c.before["role"], c.after["role"]) for c in changes] == [
        ("practitioner", "champion"), ("champion", "admin"), ("admin", "practitioner")]


def test_without_a_group_mapping_an_existing_role_is_kept(client, provider):
    factories.user(email="sam.taylor@example.org", role="admin")
    db.session.commit()
    provider.user["groups"] = ["nothing-special"]
    sso(client, provider)
    assert User.by_email("sam.taylor@example.org").role == "admin"


@pytest.mark.parametrize("tamper", ["signature", "expired", "audience", "issuer", "nonce", "no_id_token"])
def test_a_token_that_does_not_check_out_is_refused_and_audited(client, provider, tamper):
    provider.tamper = tamper
    response = sso(client, provider)
    assert response.status_code == 400
    assert "could not trust" in response.get_data(as_text=True) or "did not say who you are" in response.get_data(as_text=True)
    assert not signed_in(client)
    assert User.by_email("sam.taylor@example.org") is None and User.by_email("admin@example.org") is None
    assert actions() == ["user.sso_sign_in_failed"]


def test_a_replayed_callback_is_refused(client, provider):
    callback = start(client, provider)
    assert client.get(callback).status_code == 302
    client.post("/auth/sign-out")
    replay = client.get(callback)
    assert replay.status_code == 400
    assert "already been used" in replay.get_data(as_text=True)
    assert not signed_in(client)
    assert actions()[-1] == "user.sso_sign_in_failed"


def test_a_callback_from_another_browser_is_refused(app, client, provider):
    callback = start(client, provider)
    other = app.test_client()
    assert other.get(callback).status_code == 400


def test_a_deactivated_account_cannot_come_back_through_sso(client, provider):
    factories.user(email="sam.taylor@example.org", active=False)
    db.session.commit()
    response = sso(client, provider)
    assert response.status_code == 403
    assert "deactivated" in response.get_data(as_text=True)
    assert not signed_in(client)
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.sso_sign_in_failed")).one()
    assert "deactivated" in failed.summary


def test_an_email_domain_that_is_not_allowed_gets_no_account(client, provider):
    provider.user["email"] = "someone@elsewhere.example.net"
    response = sso(client, provider)
    assert response.status_code == 403
    assert "elsewhere.example.net addresses cannot be made here" in response.get_data(as_text=True)
    assert User.by_email("someone@elsewhere.example.net") is None


def test_cancelling_at_the_provider_goes_back_to_sign_in_with_a_message(client, provider):
    start(client, provider)
    response = client.get("/auth/oidc/callback?error=access_denied&state=x", follow_redirects=True)
    assert "You did not finish signing in with your council account" in response.get_data(as_text=True)


def test_the_provider_being_down_is_a_page_not_a_500(app, client, provider):
    provider.down = True
    app.extensions.pop("hub_oidc", None)  # forget the discovery document a previous test fetched
    response = client.get("/auth/oidc/sign-in")
    assert response.status_code == 503
    assert "not answering" in response.get_data(as_text=True)
    provider.down = False
    callback = start(client, provider)
    provider.down = True
    response = client.get(callback)
    assert response.status_code == 503


def test_sign_out_also_ends_the_provider_session(client, provider):
    sso(client, provider)
    response = client.post("/auth/sign-out")
    assert response.location.startswith(provider.issuer + "/logout")
    query = parse_qs(urlsplit(response.location).query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/auth/sign-in"]
    assert query["id_token_hint"][0].count(".") == 2
    assert not signed_in(client)


def test_password_sign_out_stays_on_the_hub(client, provider):
    factories.user(email="pat@example.org", password="correct horse battery staple")
    db.session.commit()
    client.post("/auth/sign-in", data={"email": "pat@example.org", "password": "correct horse battery staple"})
    assert client.post("/auth/sign-out").location == "/auth/sign-in"


def test_sso_only_domains_cannot_use_a_password(app, client, provider):
    app.config["OIDC_ONLY_DOMAINS"] = ["example.org"]
    factories.user(email="pat@example.org", password="correct horse battery staple")
    db.session.commit()
    response = client.post("/auth/sign-in", data={"email": "pat@example.org",
                                                  "password": "correct horse battery staple"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "sign in with the" in page and "Sign in with your council account" in page
    assert not signed_in(client)
    register = client.post("/auth/register", data={"display_name": "New", "email": "new@example.org",
                                                   "password": "a long unusual passphrase", "confirm": "a long unusual passphrase"})
    assert "You do not need a Hub password" in register.get_data(as_text=True)


def test_next_page_is_kept_through_the_provider(client, provider):
    response = sso(client, provider, next_url="/questions/")
    assert response.location == "/questions/"


def test_with_sso_the_csp_lets_sign_out_redirect_to_the_provider(client, provider):
    csp = client.get("/auth/sign-in").headers["Content-Security-Policy"]
    assert f"form-action 'self' {provider.issuer}" in csp


def test_sso_only_domains_get_no_reset_link(app, client, provider):
    app.config["OIDC_ONLY_DOMAINS"] = ["example.org"]
    factories.user(email="pat@example.org")
    db.session.commit()
    response = client.post("/auth/forgot-password", data={"email": "pat@example.org"})
    assert "have no Hub password" in response.get_data(as_text=True)
    other = client.post("/auth/forgot-password", data={"email": "pat@partner.example.net"}).get_data(as_text=True)
    assert "we have sent a link to reset the password" in other and "have no Hub password" not in other


def test_half_configured_single_sign_on_is_refused_at_start(tmp_path):
    from champions.config import ConfigError, from_environment

    with pytest.raises(ConfigError, match="OIDC_CLIENT_ID"):
        from_environment(str(tmp_path), {"DEMO": "1", "OIDC_ISSUER": "https://login.example.net"})
    settings = from_environment(str(tmp_path), {"DEMO": "1", "OIDC_ISSUER": "https://login.example.net/",
                                                "OIDC_CLIENT_ID": "hub", "OIDC_ADMIN_GROUPS": "a, b",
                                                "OIDC_ONLY_DOMAINS": "@Council.gov.uk"})
    assert settings["OIDC_ISSUER"] == "https://login.example.net"
    assert settings["OIDC_ADMIN_GROUPS"] == ["a", "b"] and settings["OIDC_ONLY_DOMAINS"] == ["council.gov.uk"]


def test_admins_see_that_an_account_is_joined_to_a_council_account(app, client, provider, login_as):
    sso(client, provider)
    client.post("/auth/sign-out")
    person = User.by_email("sam.taylor@example.org")
    login_as("admin")
    assert "is joined to their council account" in client.get(f"/admin/users/{person.id}").get_data(as_text=True)
