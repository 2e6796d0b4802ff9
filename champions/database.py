"""Database setup: SQLite pragmas, and the model modules every migration must see."""
from __future__ import annotations

import importlib
from time import monotonic

from flask import Flask
from sqlalchemy import event, exc

from champions.extensions import db

# Modules that define models; imported so metadata is complete for migrations and tests.
MODEL_MODULES = (
    "champions.auth.models", "champions.audit", "champions.outbox.models", "champions.search.models",
    "champions.auth.tokens", "champions.notifications.models", "champions.questions.models",
    "champions.moderation.models", "champions.meetings.models", "champions.induction.models",
    "champions.practice.models", "champions.updates.models", "champions.admin.models", "champions.revisions.models",
    "champions.accuracy.models", "champions.worker.models",
    "champions.mydata.models",
)


def import_models() -> None:
    """Import every model module that exists."""
    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session holds, for a write before the view (a person's session touched,
    their notifications for this page marked read) that changed none of it: nothing is read again after."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def _sqlite_pragmas(synchronous: str):
    """WAL lets readers work while one writer writes; NORMAL sync is safe with WAL and much faster."""
    if synchronous not in ("OFF", "NORMAL", "FULL"):
        raise ValueError(f"SQLITE_SYNCHRONOUS must be OFF, NORMAL or FULL, not {synchronous!r}")

    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return on_connect


def _postgres_round_trips(engine, ping_after: float) -> None:
    """Spare PostgreSQL the round trips a page does not need (each costs about as much as a small query).

    - No ping on every checkout (SQLAlchemy's pool_pre_ping): a connection is pinged only when it has sat
      unused in the pool for `ping_after` seconds, when a restart or an idle timeout may have ended it; a
      dead one is replaced before the request uses it. One found dead mid-request (the database restarted
      under load) fails that request; SQLAlchemy then treats every older pooled connection as stale, so
      the next requests get new ones (and pool_recycle renews connections after an hour anyway).
    - A transaction that only read ends with COMMIT, not ROLLBACK (for a read they are the same): psycopg
      forgets its prepared statements on every ROLLBACK, so with a rollback after each page no statement
      was ever prepared, and PostgreSQL parsed and planned every query of every page afresh.
    """
    from psycopg.pq import TransactionStatus

    @event.listens_for(engine, "checkin")
    def returned(_dbapi_connection, record) -> None:
        record.info["hub_returned_at"] = monotonic()

    @event.listens_for(engine, "checkout")
    def ping_when_idle(dbapi_connection, record, _proxy) -> None:
        returned_at = record.info.get("hub_returned_at")
        if returned_at is None or monotonic() - returned_at < ping_after:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError("the database connection was closed while idle") from error
            raise

    @event.listens_for(engine, "begin")
    def began(connection) -> None:
        connection.info["hub_wrote"] = False

    @event.listens_for(engine, "before_cursor_execute")
    def note_writes(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not statement.lstrip()[:6].upper() == "SELECT":
            connection.info["hub_wrote"] = True  # anything else may have changed something: roll it back

    @event.listens_for(engine, "rollback")
    def commit_reads(connection) -> None:
        if connection.invalidated:
            return
        try:
            pooled = connection.connection
        except exc.InvalidRequestError:  # the connection was lost (a disconnect): the rollback cleans up
            return
        if pooled.info.get("hub_wrote", True):
            return
        dbapi_connection = pooled.dbapi_connection
        if dbapi_connection is None or dbapi_connection.info.transaction_status != TransactionStatus.INTRANS:
            return  # not in a healthy transaction (an error aborted it): let the rollback happen
        try:
            dbapi_connection.commit()  # the rollback that follows finds no transaction and sends nothing
        except engine.dialect.loaded_dbapi.Error:
            pass  # the rollback that follows meets the same trouble, and SQLAlchemy handles it there


def init_app(app: Flask) -> None:
    """Turn on WAL and foreign keys for SQLite; spare PostgreSQL round trips; load all models."""
    import_models()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas(app.config.get("SQLITE_SYNCHRONOUS", "NORMAL")))
    elif url.startswith("postgresql+psycopg"):
        with app.app_context():
            _postgres_round_trips(db.engine, app.config.get("DATABASE_PING_AFTER", 10))


# Schema objects that exist only on PostgreSQL, made by raw DDL (see champions/search/models.py):
# autogenerate must neither drop them nor expect them.
POSTGRES_ONLY_OBJECTS = {("column", "tsv"), ("index", "ix_search_document_tsv")}


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic include_object hook: skip the PostgreSQL-only full-text search objects."""
    return (type_, name) not in POSTGRES_ONLY_OBJECTS
