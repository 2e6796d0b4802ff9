"""Index work applied after the database commit, never lost.

Features call ``enqueue(kind, id)`` in their transaction, which adds a SearchJob row. With
SEARCH_APPLY_IN_WEB (the demo's default), after a request that committed jobs the work runs once the
response has been sent (``response.call_on_close``); otherwise (production) the background worker
applies it, so no web worker spends time on the index or waits for its lock while others queue.
``process_pending`` takes the index lock first, then reads the jobs and the documents, writes, and
deletes only the jobs it applied: a process that cannot get the lock leaves them for the next one (or
for ``flask worker``). With SEARCH_SYNC (tests) the work runs at once.

A job is deleted by its id *and* the time it was queued: SQLite gives a new row the id of a deleted one,
so once the index lock is released another process may apply and delete the same job and queue a new
one with its id before this process deletes "its" job; by id alone, that new job would be lost.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import delete, event, select, tuple_

from champions.extensions import db
from champions.search.common import IndexBusy, IndexOutdated
from champions.search.engine import engine
from champions.search.models import PURGE, SearchJob
from champions.search.types import registered_types

log = logging.getLogger(__name__)
BATCH = 500


def _end_snapshot() -> None:
    # Read jobs and documents in a transaction that starts after we hold the lock, so a
    # SQLite snapshot taken earlier cannot hand us older documents than the jobs we delete.
    session = db.session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def process_once(app: Flask | None = None) -> int:
    """Apply up to BATCH queued jobs under the index lock; 0 when none or the index is busy."""
    eng = engine(app)
    _end_snapshot()
    applied: list[tuple[int, object]] = []  # (id, created_at): see the module's docstring
    try:
        with eng.batch() as work:
            query = select(SearchJob).order_by(SearchJob.id).limit(BATCH)
            if db.session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            jobs = db.session.execute(query).scalars().all()
            types = registered_types()
            done: set[tuple[str, int]] = set()
            for job in jobs:
                key = (job.kind, job.object_id)
                if job.kind == PURGE:
                    work.purge()  # applied when this batch is written, after the jobs queued before it
                elif key not in done:
                    try:
                        search_type = types.get(job.kind)
                        docs = search_type.documents_for(job.object_id) if search_type else []
                        work.replace(f"{job.kind}:{job.object_id}", docs)
                    except Exception:  # a broken type must not block everyone's index work
                        log.exception("search: could not index %s:%s", job.kind, job.object_id)
                        continue
                    done.add(key)
                applied.append((job.id, job.created_at))
    except IndexBusy:
        db.session.rollback()
        return 0
    except IndexOutdated as exc:  # the work stays queued; a rebuild reads everything from the database
        db.session.rollback()
        log.warning("search: %s", exc)
        return 0
    if applied:
        db.session.execute(delete(SearchJob).where(tuple_(SearchJob.id, SearchJob.created_at).in_(applied)))
    db.session.commit()
    return len(applied)


def process_pending(app: Flask | None = None, rounds: int = 5) -> int:
    """Apply queued jobs until none are left (or the index is busy); returns how many."""
    total = 0
    for _ in range(rounds):
        applied = process_once(app)
        total += applied
        if applied < BATCH:
            break
    return total


def forget_queued_before(moment) -> int:
    """Drop jobs queued before a full rebuild started: the rebuild read everything they ask for."""
    done = db.session.execute(delete(SearchJob).where(SearchJob.created_at < moment)).rowcount
    db.session.commit()
    return done or 0


def pending_count() -> int:
    """How many index jobs are waiting."""
    from sqlalchemy import func

    return db.session.execute(select(func.count()).select_from(SearchJob)).scalar_one()


# --- triggers ------------------------------------------------------------------------
def _after_flush(session, _context) -> None:
    if any(isinstance(obj, SearchJob) for obj in session.new):
        session.info["search_jobs"] = True


def _after_commit(session) -> None:
    if session.info.pop("search_jobs", False) and has_app_context():
        current_app.extensions["search_pending"] = True
        g._search_pending = True


def _after_rollback(session) -> None:
    session.info.pop("search_jobs", None)


def sync_if_needed() -> None:
    """With SEARCH_SYNC, apply jobs committed since the last search (tests search at once)."""
    app = current_app._get_current_object()
    if app.config.get("SEARCH_SYNC") and app.extensions.pop("search_pending", False):
        process_pending(app)


def _run_after_response(app: Flask) -> None:
    with app.app_context():
        try:
            process_pending(app)
        except Exception:
            log.exception("search: index work failed; it stays queued")
        finally:
            db.session.remove()


def _after_request(response):
    if g.pop("_search_pending", False):
        app = current_app._get_current_object()
        if app.config.get("SEARCH_SYNC"):
            app.extensions.pop("search_pending", None)
            process_pending(app)
        elif app.config.get("SEARCH_APPLY_IN_WEB", True):
            response.call_on_close(lambda: _run_after_response(app))
    return response


def init_app(app: Flask) -> None:
    """Watch the session for queued jobs and run them after each response."""
    for name, listener in (("after_flush", _after_flush), ("after_commit", _after_commit),
                           ("after_rollback", _after_rollback)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    app.after_request(_after_request)
