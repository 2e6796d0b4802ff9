"""Fixtures: app (fresh database and index per test), demo (the app with the demo seeded), client, runner,
login_as, csrf_enabled."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from champions.extensions import db
from tests import factories
from tests.apps import SharedApp, share_compiled_templates
from tests.dbutil import database_url, postgres_base_url


# Run first, in this order: the tests that take longest or wait on other processes (Java, nginx and
# gunicorn, Chromium, spawned workers). `make test` runs pytest-xdist's worksteal: the first worker starts
# with these and the second with quick ones, which it takes over from the first when it runs out, so no
# worker is left at the end alone on a long test (test_valid_pages.py, collected near the end, ran 50 s
# alone), and one Chromium and live server serve every browser test.
SLOW_FIRST = (
    "tests/test_valid_pages.py", "tests/test_deploy_live.py", "tests/worker/test_signals.py",
    "tests/search/test_index.py::test_two_processes", "tests/auth/test_oidc_provider_npm.py",
    "tests/search/test_audience_agreement.py", "tests/browser/", "tests/test_routes.py", "tests/test_query_budget.py",
    "tests/search/test_property.py", "tests/test_deploy.py", "tests/test_migrations.py",
)


def pytest_collection_modifyitems(config, items):
    """Put SLOW_FIRST's tests first; the rest keep their order (the same in every worker)."""
    def rank(item):
        return next((n for n, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)), len(SLOW_FIRST))

    items.sort(key=rank)


def pytest_report_header(config):
    url = postgres_base_url()
    return f"database: {'PostgreSQL ' + url if url else 'SQLite (a temporary file per test)'}"


@pytest.fixture(scope="session")
def _shared_app(tmp_path_factory) -> SharedApp:
    """The one app of this test process (see tests/apps.py)."""
    shared = SharedApp.build(tmp_path_factory.mktemp("app"), database_url())
    share_compiled_templates(shared.app, tmp_path_factory)
    return shared


@pytest.fixture
def app(_shared_app, tmp_path):
    """The app with TestConfig, an empty database and an empty search index."""
    with _shared_app.fresh(tmp_path) as application:
        yield application


@pytest.fixture
def demo(app, tmp_path_factory):
    """The app with the demo seeded (`flask seed-demo`): on SQLite a copy of the run's one seeding
    (tests/demo_data.py), on PostgreSQL seeded here."""
    from pathlib import Path

    from tests import demo_data

    if _shared_app_url(app) is None:
        db.session.remove()
        db.engine.dispose()
        demo_data.copy_seeded(demo_data.seeded_folder(tmp_path_factory),
                              Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")),
                              Path(app.config["SEARCH_INDEX_DIR"]), Path(app.config["UPLOAD_DIR"]))
        app.extensions.pop("search", None)  # the search engine opens the copied index when next used
    else:
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    return app


def _shared_app_url(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    return None if url.startswith("sqlite") else url


@pytest.fixture
def csrf_enabled(app):
    """Turn CSRF protection back on for this test (it is off by default to keep form tests short)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(app, client):
    """login_as('champion') makes a user with that role, signs the client in and returns the user."""

    def _login(role_or_user="practitioner", **kwargs):
        user = role_or_user if not isinstance(role_or_user, str) else factories.user(role=role_or_user, **kwargs)
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        db.session.commit()  # get_id() started a server-side session
        return user

    return _login


@pytest.fixture
def count_queries(app):
    """Count SQL statements: `with count_queries() as counter: ...; counter.count`."""
    from contextlib import contextmanager

    @contextmanager
    def _count():
        class Counter:
            count = 0
            statements: list[str] = []

        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, *args):
            counter.count += 1
            counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return _count
