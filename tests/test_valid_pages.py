"""Every page is valid HTML: the Nu Html Checker (vnu.jar) over the pages each role can open.

The pages: every GET route of the route-by-role tables (tests/routes/) as each role, on the demo data,
then the links those pages offer (up to two pages per endpoint and role), so list and detail pages
show real content. They are written to files and checked by ONE run of the checker (starting Java
costs more than checking a page). Skipped, saying why, when Java or vnu.jar is missing: `make vnu`.
"""
from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from champions.auth.models import User
from champions.extensions import db
from tests.test_routes import FEATURES

VNU_JAR = Path(__file__).parent / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DEMO_ACCOUNTS = {
    "anonymous": None, "practitioner": "practitioner@example.org", "newstarter": "newstarter@example.org",
    "partner": "partner@example.org", "champion": "champion@example.org", "admin": "admin@example.org",
}
PAGES_PER_ENDPOINT = 2
# Links not followed: signing out ends the crawl's session; the rest are files, not pages.
SKIPPED_ENDPOINTS = {"static", "auth.sign_out"}
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)(?:#[^"]*)?"')


def _checker() -> list[str]:
    """The command that runs the checker, or skip saying what is missing."""
    java = shutil.which("java")
    if not java:
        pytest.skip("no Java: install Debian's default-jre-headless (make vnu) to check pages with vnu.jar")
    if not VNU_JAR.exists():
        pytest.skip(f"no {VNU_JAR.relative_to(Path.cwd()) if VNU_JAR.is_relative_to(Path.cwd()) else VNU_JAR}: "
                    "run `make vnu` (npm ci --prefix tests/vnu)")
    # Java's quick compiler only (C1) and one garbage-collector thread: for one run over a few hundred pages the
    # optimising compiler costs more CPU than it saves (7.9 s to 3.5 s of CPU; the messages are the same). C1
    # needs more stack than the 512k vnu.jar asks for.
    return [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR), "--errors-only",
            "--format", "json"]


def _client_as(app, role: str):
    """A test client signed in as the demo account for that role (none for anonymous)."""
    client = app.test_client()
    if DEMO_ACCOUNTS[role]:
        user = db.session.scalars(db.select(User).filter_by(email=DEMO_ACCOUNTS[role])).one()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        db.session.commit()
    return client


def _table_urls(app) -> list[str]:
    """The GET URLs of every route-by-role table (each table makes the content its URLs point at)."""
    urls = []
    for name in FEATURES:
        for _endpoint, method, url, _expected in importlib.import_module(f"tests.routes.{name}").cases(app):
            if method == "GET":
                urls.append(url)
        db.session.commit()
    return list(dict.fromkeys(urls))


def _endpoint(adapter, url: str) -> str | None:
    """The endpoint a site URL goes to, or None for anything that is not one of our pages."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    try:
        endpoint, _args = adapter.match(parts.path, method="GET")
    except HTTPException:
        return None
    return endpoint


def _crawl(app, role: str, start: list[str]) -> dict[str, str]:
    """url -> HTML for each page this role opens: the tables' URLs, then the links on them.

    At most PAGES_PER_ENDPOINT pages of each endpoint, and one error page of each status: more of the
    same template with other rows finds nothing new and doubles the checker's time.
    """
    client = _client_as(app, role)
    adapter = app.url_map.bind("localhost")
    visits: Counter[str] = Counter()
    pages: dict[str, str] = {}
    queue, queued = deque(start), set(start)
    while queue:
        url = queue.popleft()
        endpoint = _endpoint(adapter, url)
        if visits[endpoint] >= PAGES_PER_ENDPOINT:
            continue
        response = client.get(url)
        db.session.rollback()
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        if not html.lstrip()[:15].lower().startswith("<!doctype html"):
            continue  # a redirect, a file, or a fragment a script places in a page (the workshop board)
        key = endpoint if response.status_code == 200 else f"error {response.status_code}"
        visits[key] += 1
        if visits[key] > (PAGES_PER_ENDPOINT if response.status_code == 200 else 1):
            continue
        pages[url] = html
        for href in HREF.findall(html):
            link = urljoin(url, href.replace("&amp;", "&"))
            if link not in queued and _endpoint(adapter, link) not in (None, *SKIPPED_ENDPOINTS):
                queued.add(link)
                queue.append(link)
    return pages


def _run_checker(command: list[str], files: list[Path]) -> list[dict]:
    """The checker's error messages for these files (it reports in JSON on stderr)."""
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu.jar did not answer in JSON (exit {result.returncode}):\n{result.stderr[-2000:]}")


def test_every_page_each_role_opens_is_valid_html(demo, tmp_path):
    """No page any role can open has an HTML error (the Nu Html Checker, errors only)."""
    command = _checker()
    app = demo  # the demo data (`flask seed-demo`), copied from the run's one seeding
    start = ["/", *_table_urls(app)]
    folder = tmp_path / "pages"
    folder.mkdir()
    where: dict[str, str] = {}
    for role in DEMO_ACCOUNTS:
        for url, html in _crawl(app, role, start).items():
            path = folder / f"{len(where):04d}.html"
            path.write_text(html, encoding="utf-8")
            where[path.name] = f"{url} as {role}"
    assert len(where) > 200, f"only {len(where)} pages rendered: the crawl is broken"
    messages = _run_checker(command, sorted(folder.iterdir()))
    problems = sorted({f"{where.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}, line {m.get('lastLine', '?')}: {m['message']}"
                       f"\n      {m.get('extract', '').strip()[:160]!r}"
                       for m in messages if m.get("type") == "error"})
    print(f"vnu.jar checked {len(where)} pages")
    assert not problems, f"{len(problems)} HTML errors in {len(where)} pages:\n" + "\n".join(problems)
