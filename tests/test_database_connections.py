"""PostgreSQL connections: one the database ended (a restart) is replaced, and what a transaction wrote is never
kept by accident now that a transaction that only read ends with COMMIT (see champions/database.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.exc import DBAPIError

from champions import database
from champions.auth.models import User
from champions.extensions import db
from tests import factories


@pytest.fixture
def postgres(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL only: a SQLite file has no connections to end")
    return app


def _end_the_apps_connections(app) -> int:
    """What a database restart does to the app's pooled connections: end them from outside."""
    outside = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], isolation_level="AUTOCOMMIT")
    with outside.connect() as connection:
        ended = connection.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    outside.dispose()
    return ended


def test_a_connection_ended_while_idle_is_replaced_before_a_page_uses_it(postgres, client, login_as, monkeypatch):
    login_as("practitioner")
    assert client.get("/").status_code == 200
    db.session.remove()  # the page's connection goes back to the pool
    assert _end_the_apps_connections(postgres) >= 1
    later = database.monotonic() + postgres.config["DATABASE_PING_AFTER"] + 1
    monkeypatch.setattr(database, "monotonic", lambda: later)  # it has been idle long enough to be pinged

    assert client.get("/").status_code == 200


def test_a_connection_ended_in_a_busy_moment_fails_one_page_and_the_next_works(postgres, client, login_as):
    login_as("practitioner")
    assert client.get("/").status_code == 200
    db.session.remove()
    assert _end_the_apps_connections(postgres) >= 1

    try:
        failed = client.get("/").status_code == 500  # used again at once: not pinged, so this page fails
    except DBAPIError as error:
        failed = error.connection_invalidated
    assert failed
    db.session.remove()  # the request's end (the test's app context outlives the request)
    assert client.get("/").status_code == 200


def test_a_transaction_that_wrote_is_rolled_back_not_committed(postgres):
    user = factories.user(display_name="Ailsa Reid")
    db.session.commit()
    db.session.execute(update(User).where(User.id == user.id).values(display_name="Changed"))
    db.session.rollback()

    assert db.session.scalar(select(User.display_name).where(User.id == user.id)) == "Ailsa Reid"


def test_a_failed_read_is_rolled_back_and_the_connection_works_on(postgres):
    with pytest.raises(DBAPIError):
        db.session.execute(text("SELECT 1 / 0"))
    db.session.rollback()

    assert db.session.scalar(text("SELECT 2")) == 2
