"""The app's search engine object: the backend SEARCH_BACKEND names, created once per app."""
from __future__ import annotations

from flask import current_app


def engine(app=None):
    """The app's search engine (created once per app, so once per worker process)."""
    app = app or current_app._get_current_object()
    found = app.extensions.get("search")
    if found is None:
        backend = app.config.get("SEARCH_BACKEND", "whoosh")
        if backend == "postgres":
            from champions.search.postgres_backend import PostgresEngine
            found = PostgresEngine(app)
        elif backend == "whoosh":
            from champions.search.whoosh_backend import WhooshEngine
            found = WhooshEngine(app)
        else:
            raise ValueError(f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {backend!r}")
        app.extensions["search"] = found
    return found
