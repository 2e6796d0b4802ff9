"""Browser fixtures: Debian's Chromium driven by Playwright, a live server with the demo data, axe-core.

Run with `.venv/bin/python -m pytest tests/browser -q`. Never `playwright install`: we use /usr/bin/chromium.

Fixtures:
  live_server        base URL ("http://127.0.0.1:PORT") of a running app, CSRF on, demo data seeded
  live_app           that Flask app (for url_for in an app context, or to look at the database)
  browser            one Chromium for the session
  page               a fresh page in a new browser context per test (no cookies leak between tests)
  sign_in            sign_in(page, "champion@example.org", path="/") signs a demo account in (a session, no
                     typing) and opens that page
  sign_in_with_form  the same through the sign-in form, for tests of signing in (the demo champion and
                     admin use an authenticator app: the browser is first made a remembered device)
  assert_accessible  assert_accessible(page) runs axe-core (WCAG 2.2 AA tags) and fails with a readable list
  screenshot_dir     a folder for screenshots (HUB_SCREENSHOT_DIR, or a temporary folder)
  live_url           live_url("questions.detail", question_id=3) -> "/questions/3" (None if no such endpoint)
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from champions import create_app
from champions.config import test_config
from champions.extensions import db
from tests import demo_data
from tests.apps import share_compiled_templates
from tests.dbutil import database_url

CHROMIUM = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
DEMO_PASSWORD = "sds-demo-2027"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser is a browser test (`-m "not browser"` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app behind the live server: test settings, CSRF ON (real forms), demo data seeded."""
    tmp = tmp_path_factory.mktemp("live-server")
    url = database_url("browser")
    settings = test_config(str(tmp), url)
    settings["WTF_CSRF_ENABLED"] = True
    if url:
        demo_data.seed(settings)  # each PostgreSQL worker seeds its own database
    else:  # a copy of the demo seeded once for this run (tests/demo_data.py)
        demo_data.copy_seeded(demo_data.seeded_folder(tmp_path_factory), tmp / "test.db", tmp / "search-index",
                              tmp / "uploads")
    app = share_compiled_templates(create_app(settings), tmp_path_factory)
    yield app
    with app.app_context():
        db.session.remove()
        if url:
            db.drop_all()
        db.engine.dispose()


def _closed_when_sent(app):
    """Close each response as soon as its body is sent.

    Werkzeug's development server closes a response only after draining the socket; if the browser has
    already reset the connection, the drain raises, the close is skipped and the static file is left open
    (CI once saw this for a favicon's 304), which warnings-as-errors then reports against an unrelated test.
    Production serves static files from nginx and runs gunicorn, which closes them itself.
    """
    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
    return wsgi


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve the app on a free local port in a background thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _closed_when_sent(live_app), threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["SERVER_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole session; skipped with a reason if unavailable."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set HUB_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken browser install is an environment problem, not a test failure
            pytest.skip(f"Chromium at {CHROMIUM} would not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A new page in its own browser context (fresh cookies), with relative URLs against the live server."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def remember_device(page, live_app, email: str) -> None:
    """Give the page's browser a remembered-device cookie for this account, as if a code was typed before."""
    from urllib.parse import urlsplit

    from champions.auth import factors, two_step
    from champions.auth.models import User

    with live_app.app_context():
        user = User.by_email(email)
        if user is None or not two_step.has_factor(user):
            return
        raw, _ = factors.remember_device(user)
        db.session.commit()
    host = urlsplit(live_app.config["SERVER_BASE_URL"]).hostname
    page.context.add_cookies([{"name": factors.DEVICE_COOKIE, "value": raw, "domain": host, "path": "/auth/"}])


def _sign_in_with_form(page, live_app, email: str, password: str = DEMO_PASSWORD):
    """Sign in through the real form (a person's way in), then check it worked."""
    remember_device(page, live_app, email)
    page.goto("/auth/sign-in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    signed_in = page.locator("form[action$='/auth/sign-out']")
    # Wait for the next page (signed in, or the form again with its error summary) before judging.
    expect(signed_in.or_(page.locator(".error-summary"))).to_be_visible()
    if signed_in.count() == 0:
        problem = page.locator(".error-summary").all_inner_texts()
        raise AssertionError(f"Could not sign in as {email}: {problem or page.url}")
    return page


@pytest.fixture
def sign_in_with_form(live_server, live_app):
    """sign_in_with_form(page, email, password="sds-demo-2027"): the sign-in form, as a person uses it.

    An account with a second step (the demo champion and admin) signs in from a remembered device;
    tests/browser/test_signin.py types the codes itself."""
    return lambda page, email, password=DEMO_PASSWORD: _sign_in_with_form(page, live_app, email, password)


def _start_session(live_app, live_server: str, page, email: str, path: str = "/"):
    """Sign a demo account in on this page's browser context (see `sign_in`) and open `path`."""
    from flask import session
    from sqlalchemy import select

    from champions.auth import sessions
    from champions.auth.models import User

    agent = page.evaluate("() => navigator.userAgent")
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": agent}
    with live_app.test_request_context(environ_base=environ):
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            raise AssertionError(f"No demo account {email}")
        sessions.sign_in(user)
        db.session.commit()
        value = live_app.session_interface.get_signing_serializer(live_app).dumps(dict(session))
        db.session.remove()
    page.context.add_cookies([{"name": live_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}])
    page.goto(path)
    expect(page.locator("form[action$='/auth/sign-out']")).to_be_visible()
    return page


@pytest.fixture(scope="session")
def sign_in(live_app, live_server):
    """sign_in(page, email, path="/"): start a session for a demo account and open a page (the home page) signed in.

    The session is made the way the sign-in view makes one (a server-side session row and Flask's signed
    cookie), without typing into the form and waiting for scrypt: journeys about something else start
    faster; giving the journey's first page as `path` saves loading the home page first. The form itself is
    tested in test_foundation.py with `sign_in_with_form`.
    """
    return lambda page, email, path="/": _start_session(live_app, live_server, page, email, path)


@pytest.fixture(scope="session")
def _axe_script() -> str:
    """axe-core as axe-playwright-python ships it (skipped, saying why, when the package is missing)."""
    try:
        import axe_playwright_python
    except ImportError:
        pytest.skip("axe-playwright-python is not installed (pip install -e '.[test]')")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


# axe.run in the page, answering with the violations only: the whole result (every rule that passed or did not
# apply, with an example node each) is about 40 kB to send back and read, which took longer than the checks.
AXE_RUN = "([context, options]) => axe.run(context || document, options).then(results => results.violations)"


@pytest.fixture
def assert_accessible(_axe_script):
    """assert_accessible(page): axe-core finds no WCAG 2.0/2.1/2.2 A and AA violations on the page."""

    def _check(page, context=None):
        # Judge the page as a person sees it: after its stylesheet has loaded (on a busy machine axe could
        # otherwise run on unstyled HTML and report small targets that the CSS makes large).
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):  # not yet in this document
            page.evaluate(_axe_script)
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = page.evaluate(AXE_RUN, [context, options])
        if violations:
            lines = [f"axe found {len(violations)} accessibility problem(s) on {page.url}:"]
            for v in violations:
                lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  {v.get('helpUrl', '')}")
                for node in v.get("nodes", [])[:10]:
                    target = " ".join(str(t) for t in node.get("target", []))
                    summary = (node.get("failureSummary") or "").replace("\n", " ")
                    lines.append(f"    at {target}: {summary}")
            raise AssertionError("\n".join(lines))

    return _check


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    """Where screenshots go: $HUB_SCREENSHOT_DIR if set, else a temporary folder."""
    path = os.environ.get("HUB_SCREENSHOT_DIR")
    if path:
        Path(path).mkdir(parents=True, exist_ok=True)
        return Path(path)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def live_url(live_app):
    """live_url(endpoint, **values): the path for an endpoint of the live app, or None if it does not exist."""

    def _url(endpoint: str, **values):
        if endpoint not in live_app.view_functions:
            return None
        from flask import url_for

        with live_app.test_request_context():
            return url_for(endpoint, **values)

    return _url
