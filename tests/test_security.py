"""Security baseline: headers, cookies, CSRF on every POST, open redirects, rate limits, config, /healthz."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from champions import create_app
from champions.auth.models import User
from champions.config import ConfigError, from_environment, test_config
from champions.extensions import db, limiter
from champions.outbox.models import OutboxMessage
from tests import factories
from tests.apps import SecondApp

PUBLIC_PAGES = ["/auth/sign-in", "/auth/register", "/auth/forgot-password", "/accessibility", "/healthz",
                "/no-such-page"]


def _get_rules(app):
    """Every GET route without URL parameters (the pages a signed-in admin can open directly)."""
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"})


def _assert_headers(response, where):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in csp, where
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in csp, f"{where}: {directive} missing"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy"), where


def test_headers_on_public_pages(client):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        _assert_headers(response, url)
        assert "Strict-Transport-Security" not in response.headers, "no HSTS over plain HTTP"


def test_headers_and_no_store_on_every_signed_in_page(app, client, login_as):
    login_as("admin")
    checked = 0
    for url in _get_rules(app):
        response = client.get(url)
        _assert_headers(response, url)
        if url != "/healthz":
            assert "no-store" in response.headers.get("Cache-Control", ""), url
        checked += 1
    assert checked >= 10


def test_hsts_only_over_https(client):
    response = client.get("/auth/sign-in", base_url="https://localhost")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/auth/sign-in").headers


def test_session_cookie_is_httponly_and_lax(client):
    user = factories.user()
    db.session.commit()
    response = client.post("/auth/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(tmp_path):
    config = from_environment(str(tmp_path), {"SECRET_KEY": "x" * 40})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


# Deliberate exceptions, each with its reason.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a form token; the signed link is the proof,
    # and all it can do is stop one kind of email.
    "notifications.unsubscribe_confirm",
}


def test_every_post_route_needs_a_csrf_token(app, client, login_as, csrf_enabled):
    """A signed-in admin posting to any POST route without a token gets 400 (URL parameters filled with 1,
    or the first allowed value of an `any(...)` converter)."""
    login_as("admin")
    adapter = app.url_map.bind("localhost")
    failures, checked = [], 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in CSRF_EXEMPT:
            continue
        values = {name: sorted(getattr(converter, "items", None) or [1])[0]
                  for name, converter in rule._converters.items()}
        url = adapter.build(rule.endpoint, values, method="POST")
        response = client.post(url, data={"anything": "at all"})
        checked += 1
        if response.status_code != 400:
            failures.append(f"{rule.endpoint} {url}: {response.status_code}")
    assert checked >= 10
    assert not failures, "POST routes that accept a request without a CSRF token:\n" + "\n".join(failures)


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil",
                                    "javascript:alert(1)", "http:/evil.example", "///evil.example"])
def test_open_redirects_land_on_the_home_page(client, target):
    user = factories.user()
    db.session.commit()
    response = client.post("/auth/sign-in", data={"email": user.email, "password": factories.PASSWORD, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_secret_key_is_required_outside_demo(tmp_path):
    with pytest.raises(ConfigError) as error:
        from_environment(str(tmp_path), {"DATABASE_URL": "sqlite://"})
    message = str(error.value)
    assert "SECRET_KEY" in message and "\n" not in message
    assert from_environment(str(tmp_path), {"DEMO": "1"})["SECRET_KEY"]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    settings = test_config(str(tmp_path))
    settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/missing-folder/nothing/hub.db"
    broken = create_app(settings)
    with broken.app_context():
        response = broken.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.json == {"status": "error", "database": "unavailable"}
        db.engine.dispose()


# --- rate limits --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def _limited_app(_shared_app, tmp_path_factory) -> SecondApp:
    """A second app on the test's database with rate limiting on and small limits, built once for this module."""
    return SecondApp.build(_shared_app, tmp_path_factory.mktemp("limited"), tmp_path_factory, RATELIMIT_ENABLED=True,
                           SIGN_IN_LIMIT_PER_IP="15 per 15 minutes",
                           REGISTER_LIMIT_PER_IP="2 per hour", FORGOT_PASSWORD_LIMIT_PER_IP="3 per hour",
                           RESEND_CONFIRMATION_LIMIT_PER_IP="2 per hour")


@pytest.fixture
def limited(app, _limited_app, tmp_path):
    """The rate-limited app, with limits counted from nothing, on this test's database."""
    with _limited_app.fresh(tmp_path) as limited_app:
        yield limited_app


def _attempt(client, email, password="wrong guess", address="203.0.113.9"):
    return client.post("/auth/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_guessing_from_one_address_slows_that_address_without_locking_out_the_owner(limited):
    user = factories.user(email="target@example.org")
    db.session.commit()
    attacker = limited.test_client()
    statuses = [_attempt(attacker, user.email).status_code for _ in range(10)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 5
    response = _attempt(attacker, "TARGET@example.org", factories.PASSWORD)
    assert response.status_code == 429  # even the right password waits, or guessing would go on
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page and re.search(r"Try again in [12] seconds?\.", page)
    assert 'href="/auth/forgot-password"' in page and int(response.headers["Retry-After"]) >= 2
    # The owner, at their own desk, signs in as usual.
    owner = limited.test_client()
    assert _attempt(owner, user.email, factories.PASSWORD, address="198.51.100.7").status_code == 302
    assert db.session.get(User, user.id).sign_in_locked_at is None


def test_each_further_failure_doubles_the_wait(limited):
    from champions.auth import throttle

    user = factories.user(email="target@example.org")
    db.session.commit()
    client = limited.test_client()
    waits = []
    for _ in range(11):  # five free failures, then each refused try is followed by one more failure
        response = _attempt(client, user.email)
        if response.status_code == 429:
            waits.append(int(re.search(r"Try again in (\d+) seconds?", response.text).group(1)))
            with limited.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
                limiter.storage.clear(throttle._key("wait", "203.0.113.9", user.email))  # as if the wait passed
    # 2, 4 then 8 seconds (a second less if the machine is slow between the failure and the next try).
    assert [wait in (expected - 1, expected) for wait, expected in zip(waits, (2, 4, 8))] == [True] * 3


def test_many_failures_from_many_addresses_lock_the_account_until_a_reset_by_email(limited):
    limited.config.update(SIGN_IN_LOCK_FAILURES=6)
    user = factories.user(email="target@example.org")
    db.session.commit()
    client = limited.test_client()
    for n in range(6):
        assert _attempt(client, user.email, address=f"203.0.113.{n}").status_code == 200
    user = db.session.get(User, user.id)
    assert user.sign_in_locked_at is not None
    response = _attempt(client, user.email, factories.PASSWORD, address="198.51.100.7")
    assert response.status_code == 429 and "Reset your password by email" in response.get_data(as_text=True)
    client.post("/auth/forgot-password", data={"email": user.email})
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    path = message.body.split("http://localhost", 1)[1].split()[0]
    new_password = "Tay river kettle lantern"
    assert client.post(path, data={"password": new_password, "confirm": new_password}).status_code == 302
    client.post("/auth/sign-out")
    assert db.session.get(User, user.id).sign_in_locked_at is None
    assert _attempt(client, user.email, new_password, address="198.51.100.7").status_code == 302


def test_sign_in_is_limited_per_address(limited):
    client = limited.test_client()
    statuses = [client.post("/auth/sign-in", data={"email": f"guess{n}@example.org", "password": "x"}).status_code
                for n in range(16)]
    assert statuses[:15] == [200] * 15 and statuses[15] == 429
    # Reading the page is never limited.
    assert client.get("/auth/sign-in").status_code == 200


def test_successful_sign_ins_do_not_count_towards_the_limits(limited):
    """A whole office behind one address signs in at 9am; one person signs in on many devices."""
    colleagues = [factories.user() for _ in range(20)]
    db.session.commit()
    for colleague in colleagues:  # 20 people from one address, limit 15 per address
        response = limited.test_client().post("/auth/sign-in",
                                              data={"email": colleague.email, "password": factories.PASSWORD})
        assert response.status_code == 302, colleague.email
    for _ in range(12):  # one person, 12 devices, limit 10 per account
        response = limited.test_client().post("/auth/sign-in",
                                              data={"email": colleagues[0].email, "password": factories.PASSWORD})
        assert response.status_code == 302


def test_register_is_limited_per_address(limited):
    client = limited.test_client()
    for n in range(2):
        assert client.post("/auth/register", data={"email": "bad"}).status_code == 200
    response = client.post("/auth/register", data={"email": "bad"})
    assert response.status_code == 429 and "Try again in" in response.get_data(as_text=True)


def test_forgot_password_is_limited_per_address(limited):
    factories.user(email="flood@example.org")
    db.session.commit()
    client = limited.test_client()
    for _ in range(3):
        assert client.post("/auth/forgot-password", data={"email": "flood@example.org"}).status_code == 200
    assert client.post("/auth/forgot-password", data={"email": "flood@example.org"}).status_code == 429
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 3


def test_resending_confirmation_is_limited_per_address(limited):
    client = limited.test_client()
    for _ in range(2):
        assert client.post("/auth/confirm/resend", data={"email": "x@example.org"}).status_code == 302
    assert client.post("/auth/confirm/resend", data={"email": "x@example.org"}).status_code == 429


# --- create-user command --------------------------------------------------------------------------

def test_create_user_command(runner):
    result = runner.invoke(args=["create-user", "New.Champion@Example.org", "--role", "champion", "--name", "Nia"],
                           input="Tay river kettle lantern\nTay river kettle lantern\n")
    assert result.exit_code == 0, result.output
    assert "Created champion new.champion@example.org" in result.output
    user = User.by_email("new.champion@example.org")
    assert (user.role, user.display_name) == ("champion", "Nia")
    assert user.email_confirmed_at is not None and user.check_password("Tay river kettle lantern")


def test_create_user_command_refuses_weak_passwords_and_duplicates(runner):
    result = runner.invoke(args=["create-user", "weak@example.org"], input="password1234\npassword1234\n")
    assert result.exit_code != 0 and "too common" in result.output
    assert User.by_email("weak@example.org") is None
    factories.user(email="exists@example.org")
    db.session.commit()
    result = runner.invoke(args=["create-user", "EXISTS@example.org"], input="Tay river kettle lantern\n" * 2)
    assert result.exit_code != 0 and "already exists" in result.output
