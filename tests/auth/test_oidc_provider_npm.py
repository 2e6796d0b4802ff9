"""Single sign-on against panva's oidc-provider (an OpenID Certified implementation) run by Node.js.

The tests install it from tests/oidc/package.json (`make oidc-provider` does the same) and start it on
127.0.0.1 with the Hub registered as a client; they skip, saying why, when Node.js or npm is missing or the
npm registry cannot be reached. Tokens this provider signs are always good: the tampered, expired and
wrong-audience cases are in test_oidc.py, against the in-process provider that can be told to misbehave.
"""
from __future__ import annotations

import fcntl
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth.models import User
from champions.extensions import db
from tests import factories

NODE_DIR = Path(__file__).resolve().parents[1] / "oidc"
CLIENT_ID, CLIENT_SECRET = "sds-hub", "a-test-only-client-secret-of-some-length"


def _install(npm: str) -> str | None:
    """npm ci into tests/oidc (once, under a lock shared by parallel test workers); the problem, or None."""
    with open(NODE_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (NODE_DIR / "node_modules" / "oidc-provider").is_dir():
            return None
        try:
            result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, capture_output=True,
                                    text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return "npm ci took more than 5 minutes (is the npm registry reachable?)"
        return None if result.returncode == 0 else f"npm ci failed: {result.stderr.strip()[-500:]}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def npm_issuer(tmp_path_factory):
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        print("oidc-provider tests skipped: Node.js and npm are not installed")
        pytest.skip("Node.js and npm are not installed: the oidc-provider tests need them")
    problem = _install(npm)
    if problem:
        print(f"oidc-provider tests skipped: {problem}")
        pytest.skip(problem)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed at the end of the session
    process = subprocess.Popen([node, "provider.mjs", str(port), CLIENT_ID, CLIENT_SECRET,
                                "http://localhost/auth/oidc/callback", "http://localhost/auth/sign-in"],
                               cwd=NODE_DIR, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.2)
    else:
        process.kill()
        process.wait(timeout=10)
        log.close()
        pytest.fail(f"oidc-provider did not start: {log_path.read_text()[-1000:]}")
    yield issuer
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def issuer(app, npm_issuer):
    app.config.update(OIDC_ISSUER=npm_issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET,
                      OIDC_CHAMPION_GROUPS=["sds-champions"], OIDC_ADMIN_GROUPS=["hub-admins"])
    return npm_issuer


def through_provider(client, login: str, abort: bool = False) -> str:
    """Press the council button and sign in at the provider's own pages; returns the Hub callback path."""
    response = client.get("/auth/oidc/sign-in")
    assert response.status_code == 302, response.get_data(as_text=True)
    browser = requests.Session()  # the person's browser at the provider: a new one signs in afresh
    answer = browser.get(response.location, allow_redirects=False, timeout=10)
    for _ in range(10):
        if answer.is_redirect:
            location = urljoin(answer.url, answer.headers["Location"])
            if location.startswith("http://localhost/"):
                return location.replace("http://localhost", "")
            answer = browser.get(location, allow_redirects=False, timeout=10)
            continue
        assert answer.ok, answer.text[:500]
        if abort:
            link = re.search(r'href="([^"]*/abort)"', answer.text).group(1)
            answer = browser.get(urljoin(answer.url, link), allow_redirects=False, timeout=10)
            continue
        action = re.search(r'action="([^"]+)"', answer.text).group(1)
        prompt = re.search(r'name="prompt" value="(\w+)"', answer.text).group(1)
        data = {"prompt": prompt, "login": login, "password": "any"} if prompt == "login" else {"prompt": prompt}
        answer = browser.post(urljoin(answer.url, action), data=data, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back to the Hub")


def sso(client, login: str):
    return client.get(through_provider(client, login))


def signed_in(client) -> bool:
    return client.get("/auth/profile").status_code == 200


def test_first_sign_in_creates_the_account(client, issuer):
    response = sso(client, "morgan.reid")
    assert response.status_code == 302 and response.location == "/"
    user = User.by_email("morgan.reid@example.org")
    assert user.display_name == "Morgan Reid" and user.role == "practitioner"
    assert signed_in(client)


def test_an_existing_account_is_linked(client, issuer):
    existing = factories.user(email="jo.grant@example.org")
    db.session.commit()
    sso(client, "jo.grant")
    assert signed_in(client)
    assert db.session.scalar(select(AuditEvent.target_id).where(AuditEvent.action == "user.sso_link")) == existing.id


def test_groups_give_roles_and_a_change_applies_at_the_next_sign_in(client, issuer):
    sso(client, "kim.bell+sds-champions")
    assert User.by_email("kim.bell@example.org").role == "champion"
    client.post("/auth/sign-out")
    sso(client, "kim.bell+hub-admins")
    assert User.by_email("kim.bell@example.org").role == "admin"
    client.post("/auth/sign-out")
    sso(client, "kim.bell")
    assert User.by_email("kim.bell@example.org").role == "practitioner"
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role_change")).all()) == 3


def test_a_replayed_callback_is_refused(client, issuer):
    callback = through_provider(client, "lee.shaw")
    assert client.get(callback).status_code == 302
    client.post("/auth/sign-out")
    assert client.get(callback).status_code == 400
    assert not signed_in(client)


def test_a_deactivated_account_stays_out(client, issuer):
    factories.user(email="ali.khan@example.org", active=False)
    db.session.commit()
    response = sso(client, "ali.khan")
    assert response.status_code == 403 and not signed_in(client)


def test_cancelling_at_the_provider(client, issuer):
    response = client.get(through_provider(client, "", abort=True), follow_redirects=True)
    assert "You did not finish signing in with your council account" in response.get_data(as_text=True)


def test_sign_out_ends_the_provider_session_too(client, issuer):
    sso(client, "ruth.adams")
    response = client.post("/auth/sign-out")
    assert response.location.startswith(issuer)
    query = parse_qs(urlsplit(response.location).query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/auth/sign-in"] and query["id_token_hint"]
    end_session = requests.get(response.location, timeout=10)
    assert end_session.ok  # the provider accepted our ID token hint and asks to confirm signing out
    assert not signed_in(client)
