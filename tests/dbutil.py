"""Which database a test process uses: a temporary SQLite file, or its own PostgreSQL database."""
from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from champions.config import normalise_database_url

_created: set[str] = set()


def postgres_base_url() -> str | None:
    """The PostgreSQL URL `make test` gives the second run (HUB_TEST_DATABASE_URL), or None."""
    url = os.environ.get("HUB_TEST_DATABASE_URL")
    return normalise_database_url(url) if url else None


def database_url(purpose: str = "") -> str | None:
    """A PostgreSQL database of this test process's own (created if missing), or None for SQLite.

    Parallel workers (pytest-xdist) and the browser tests' live server each get a separate
    database, so one never drops another's tables.
    """
    base = postgres_base_url()
    if base is None:
        return None
    url = make_url(base)
    suffix = "_".join(part for part in (os.environ.get("PYTEST_XDIST_WORKER", ""), purpose) if part)
    name = f"{url.database}_{suffix}" if suffix else url.database
    target = url.set(database=name)
    key = target.render_as_string(hide_password=False)
    if key not in _created:
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        # A database left by an earlier run may hold an older schema: start this run from nothing.
        engine = create_engine(target, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    _created.add(key)
    return key
