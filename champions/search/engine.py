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


def warm(app) -> None:
    """Do a new worker's first-search work before its first request: load the embedding model and, on
    PostgreSQL, read every document's sign bits (about 2.5 s at 100,000 documents). Called by gunicorn's
    post_worker_init (deploy/gunicorn.conf.py). A failure is logged, never fatal: the first search
    would then do the same work itself."""
    import logging

    from champions.extensions import db
    from champions.search import embeddings

    with app.app_context():
        try:
            embeddings.embedder(app)
            signs = getattr(engine(app), "signs", None)
            if signs is not None:
                signs.refresh()
        except Exception:
            logging.getLogger("champions.search").exception("search: warming this worker failed; its first search will load instead")
        finally:
            db.session.remove()
