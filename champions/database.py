"""Database setup: SQLite pragmas, and the model modules every migration must see."""
from __future__ import annotations

import importlib

from flask import Flask
from sqlalchemy import event

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


def init_app(app: Flask) -> None:
    """Turn on WAL and foreign keys for SQLite; load all models."""
    import_models()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas(app.config.get("SQLITE_SYNCHRONOUS", "NORMAL")))


# Schema objects that exist only on PostgreSQL, made by raw DDL (see champions/search/models.py):
# autogenerate must neither drop them nor expect them.
POSTGRES_ONLY_OBJECTS = {("column", "tsv"), ("index", "ix_search_document_tsv")}


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic include_object hook: skip the PostgreSQL-only full-text search objects."""
    return (type_, name) not in POSTGRES_ONLY_OBJECTS
