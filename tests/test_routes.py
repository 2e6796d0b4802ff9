"""Every route, every role: walks app.url_map and fails on any endpoint missing from the table.

Each feature lists its cases in tests/routes/<feature>.py as
``cases(app) -> [(endpoint, method, url, {role: status or (statuses...)})]``.
"""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.routes
from champions.extensions import db
from tests import factories

ROLES = ("anonymous", "practitioner", "partner", "champion", "admin")
IGNORED_ENDPOINTS = {"static"}


FEATURES = sorted(module_info.name for module_info in pkgutil.iter_modules(tests.routes.__path__))


def _collect_cases(app, features=FEATURES):
    cases = []
    for name in features:
        module = importlib.import_module(f"tests.routes.{name}")
        for case in module.cases(app):
            cases.append((name, *case))
    return cases


def _routes(app):
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return found


@pytest.fixture
def users(app):
    made = {role: factories.user(role=role) for role in ROLES if role != "anonymous"}
    db.session.commit()
    return made


def test_every_route_is_in_the_role_table(app, users):
    covered = {(endpoint, method) for _, endpoint, method, _, _ in _collect_cases(app)}
    missing = sorted(_routes(app) - covered)
    assert not missing, f"routes with no expected answers in tests/routes/: {missing}"


@pytest.mark.parametrize("feature", FEATURES)
def test_each_role_gets_the_expected_answer(app, users, feature):
    """One test per feature's table (tests/routes/<feature>.py), so parallel workers share the work."""
    failures = []
    cookies = {}  # the signed session cookie for each session token: signing it again each time costs a request
    for feature, endpoint, method, url, expected in _collect_cases(app, [feature]):
        assert set(expected) == set(ROLES), f"{feature}: {endpoint} must list every role"
        for role in ROLES:
            client = app.test_client()
            if role != "anonymous":
                token = users[role].get_id()  # a new one if an earlier request ended the session (signing out)
                if token not in cookies:
                    with client.session_transaction() as session:
                        session["_user_id"] = token
                        session["_fresh"] = True
                    cookies[token] = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
                else:
                    cookie = cookies[token]
                    client.set_cookie(cookie.decoded_key, cookie.decoded_value, domain=cookie.domain,
                                      origin_only=cookie.origin_only, path=cookie.path)
            response = client.open(url, method=method, data={})
            want = expected[role]
            wanted = want if isinstance(want, tuple) else (want,)
            if response.status_code not in wanted:
                failures.append(f"{feature}: {method} {url} as {role}: got {response.status_code}, expected {want}")
            if role == "anonymous" and response.status_code == 302 and 302 in wanted \
                    and endpoint not in ("main.home",) and "/auth/sign-in" not in response.headers.get("Location", "") \
                    and not endpoint.startswith("auth."):
                failures.append(f"{feature}: {method} {url} as anonymous redirected elsewhere than sign-in")
            db.session.rollback()
    assert not failures, "\n".join(failures)
