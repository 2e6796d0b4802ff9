"""Fixtures: app (fresh database and index per test), client, runner, login_as, csrf_enabled."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import g, request_started
from sqlalchemy import event, text

from champions import create_app
from champions.config import test_config
from champions.extensions import db, limiter
from tests import factories
from tests.dbutil import database_url, postgres_base_url

def pytest_report_header(config):
    url = postgres_base_url()
    return f"database: {'PostgreSQL ' + url if url else 'SQLite (a temporary file per test)'}"


def _fresh_g(sender, **extra):
    g._get_current_object().__dict__.clear()


@pytest.fixture(scope="session")
def _shared_app(tmp_path_factory):
    """One app per test process (building an app compiles every route: about 0.2 s), with its config as built.

    Each test gets it back with that config restored, an empty database and an empty search index.
    On SQLite the empty database is a file copied from a template made once; on PostgreSQL the
    tables are emptied after each test.
    """
    folder = tmp_path_factory.mktemp("app")
    url = database_url()
    settings = test_config(str(folder), url)
    settings["WTF_CSRF_ENABLED"] = False
    application = create_app(settings)
    # Tests keep one app context open, which requests reuse: give each request a fresh `g`
    # so nothing (such as Flask-Login's cached user) leaks from one request to the next.
    request_started.connect(_fresh_g, application)
    template = None
    with application.app_context():
        db.create_all()
        db.engine.dispose()  # checkpoints the WAL into the main file
    if not url:
        template = folder / "template.db"
        shutil.copyfile(folder / "test.db", template)
    return application, dict(application.config), template


def _close_search(application) -> None:
    """Forget the search engine (and its open index files) so the next test starts with a new index."""
    engine = application.extensions.pop("search", None)
    application.extensions.pop("search_pending", None)
    close = getattr(engine, "close", None)
    if close is not None:
        close()


@pytest.fixture
def app(_shared_app, tmp_path):
    """The app with TestConfig, an empty database and an empty search index."""
    application, pristine, template = _shared_app
    application.config.clear()
    application.config.update(pristine)
    application.config.update(SEARCH_INDEX_DIR=str(tmp_path / "search-index"), MAIL_DIR=str(tmp_path / "mail"))
    _close_search(application)
    # Flask-Limiter keeps its on/off switch on the one `limiter` object: a test that built a second app
    # with limits on (tests/test_security.py `limited`) must not leave them on for the shared app.
    limiter.enabled = application.config["RATELIMIT_ENABLED"]
    with application.app_context():
        if template is not None:
            db.engine.dispose()
            database = Path(application.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
            for extra in ("-wal", "-shm"):
                Path(f"{database}{extra}").unlink(missing_ok=True)
            shutil.copyfile(template, database)
        yield application
        db.session.remove()
        _close_search(application)
        if template is None:
            # Emptying the tables is much faster on PostgreSQL than dropping and recreating them.
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


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
