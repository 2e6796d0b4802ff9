"""Signing in as a person would: the council button, setting up an authenticator app, a wrong code, and a
passkey in Chromium's virtual authenticator (the DevTools Protocol's WebAuthn domain)."""
from __future__ import annotations

import re
import secrets
from contextlib import contextmanager
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import expect

from champions.extensions import db
from tests import factories
from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider
from tests.browser.conftest import DEMO_PASSWORD


@contextmanager
def settings(live_app, **values):
    """Change the live app's settings for one test, then put them back."""
    before = {key: live_app.config.get(key) for key in values}
    live_app.config.update(values)
    try:
        yield
    finally:
        live_app.config.update(before)


def new_user(live_app, role: str) -> str:
    with live_app.app_context():
        email = f"browser-{role}-{secrets.token_hex(4)}@example.org"
        factories.user(role=role, email=email, password=DEMO_PASSWORD)
        db.session.commit()
    return email


def password_step(page, email: str) -> None:
    page.goto("/auth/sign-in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()


def test_council_button_signs_in_through_the_provider(page, live_app, live_server, assert_accessible):
    provider = FakeProvider().start()
    provider.redirect_uris.add(f"{live_server}/auth/oidc/callback")
    provider.user = {"sub": "browser-1", "email": "robin.fraser@example.org", "email_verified": True,
                     "name": "Robin Fraser", "groups": []}
    try:
        with settings(live_app, OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                      OIDC_CLIENT_SECRET=CLIENT_SECRET):
            page.goto("/auth/sign-in")
            button = page.get_by_role("link", name="Sign in with your council account")
            expect(button).to_be_visible()
            assert_accessible(page)
            button.click()
            expect(page.locator("form[action$='/auth/sign-out']")).to_be_visible()
            expect(page.locator(".notification-banner, .flash, main").first).to_contain_text("Signed in as Robin Fraser")
            page.locator("form[action$='/auth/sign-out'] button").click()
            expect(page.get_by_role("link", name="Sign in with your council account")).to_be_visible()
            assert provider.logouts, "the provider's session was ended too"
    finally:
        provider.stop()


def test_a_champion_sets_up_an_authenticator_app(page, live_app, assert_accessible):
    email = new_user(live_app, "champion")
    password_step(page, email)
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".error-summary")).to_contain_text("The code is not correct")
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.locator("form[action$='/auth/sign-out']")).to_be_visible()


def test_the_demo_champion_is_asked_for_a_code_and_a_wrong_one_is_explained(page, live_app, assert_accessible):
    from champions.auth.demo import DEMO_TOTP_SECRET

    password_step(page, "champion@example.org")
    expect(page.get_by_role("heading", name="Check it is you")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("The code is not correct")
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(DEMO_TOTP_SECRET).now())
    page.get_by_role("button", name="Continue").click()
    signed_in_or_reused = page.locator("form[action$='/auth/sign-out']").or_(page.locator(".error-summary"))
    expect(signed_in_or_reused).to_be_visible()
    if page.locator(".error-summary").count():  # the same code was used in this 30 seconds by another run
        assert "already been used" in page.locator(".error-summary").inner_text()


@pytest.fixture
def localhost_page(browser, live_server, live_app):
    """A page on http://localhost:PORT: WebAuthn needs a host name (an IP address cannot be an RP ID)."""
    port = urlsplit(live_server).port
    base = f"http://localhost:{port}"
    with settings(live_app, SERVER_BASE_URL=base):
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})
        yield page
        context.close()


def test_passkeys_register_sign_in_and_remove(localhost_page, live_app, assert_accessible):
    page = localhost_page
    email = new_user(live_app, "practitioner")
    password_step(page, email)  # no second step yet: signed in
    page.goto("/auth/security")
    page.get_by_label("Name for a new passkey").fill("Work laptop")
    assert_accessible(page)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    page.goto("/auth/security")
    expect(page.get_by_role("heading", name="Work laptop")).to_be_visible()
    page.locator("form[action$='/auth/sign-out'] button").click()
    password_step(page, email)
    expect(page.get_by_role("heading", name="Check it is you")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.locator("form[action$='/auth/sign-out']")).to_be_visible()
    page.goto("/auth/security")
    page.get_by_role("button", name=re.compile("Remove Work laptop")).click()
    expect(page.locator("main")).to_contain_text("has been removed")
    expect(page.get_by_role("heading", name="Work laptop")).to_have_count(0)
