"""Search test support: a small "note" content type with its own table (the per-backend app is in tests/search/conftest.py).

The note type lets tests set visibility, owner and hidden text directly; the real question
type is used as well where its behaviour matters (hidden answers).
"""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, Text, insert, select, update

from champions.extensions import db
from champions.search import SearchDocument, SearchType, enqueue, register
from champions.timeutil import UTCDateTime, utcnow

notes = Table(
    "search_test_note", MetaData(),
    Column("id", Integer, primary_key=True),
    Column("title", String(200)), Column("body", Text), Column("visibility", String(20)),
    Column("owner_id", Integer, nullable=True), Column("tags", String(200), default=""),
    Column("hidden_text", Text, default=""), Column("withdrawn", Boolean, default=False),
    Column("created_at", UTCDateTime), Column("author", String(100), default="Test Author"),
)
_seq = itertools.count(1)


def _documents_for(note_id: int) -> list[SearchDocument]:
    row = db.session.execute(select(notes).where(notes.c.id == note_id)).first()
    if row is None or row.withdrawn:
        return []
    tags = [t for t in (row.tags or "").split(",") if t]
    docs = [SearchDocument(doc_id=f"note:{row.id}", kind="note", title=row.title, body=row.body,
                           url=f"/notes/{row.id}", visibility=row.visibility, created_at=row.created_at,
                           author_name=row.author, tags=tags, owner_id=row.owner_id)]
    if row.hidden_text:
        docs.append(SearchDocument(doc_id=f"notehidden:{row.id}", kind="note", title=f"Hidden comment on: {row.title}",
                                   body=row.hidden_text, url=f"/notes/{row.id}#hidden", visibility="champions",
                                   created_at=row.created_at, author_name=row.author, tags=tags))
    return docs


def _all_ids():
    return db.session.scalars(select(notes.c.id).order_by(notes.c.id))


NOTE_TYPE = SearchType(kind="note", label="Notes", documents_for=_documents_for, all_ids=_all_ids,
                       doc_prefixes=("note:", "notehidden:"))


def note(title: str = "A note", body: str = "Some text.", visibility: str = "staff", owner_id: int | None = None,
         tags=(), hidden_text: str = "", created_at: datetime | None = None, days_ago: float = 0,
         author: str = "Test Author", index: bool = True) -> int:
    """A note row (added, flushed and queued for indexing; the test commits)."""
    when = created_at or (utcnow() - timedelta(days=days_ago, seconds=next(_seq)))
    note_id = db.session.execute(insert(notes).values(
        title=title, body=body, visibility=visibility, owner_id=owner_id, tags=",".join(tags),
        hidden_text=hidden_text, withdrawn=False, created_at=when, author=author)).inserted_primary_key[0]
    if index:
        enqueue("note", note_id)
    return note_id


def change_note(note_id: int, index: bool = True, **values) -> None:
    """Update a note (and queue it for indexing unless index=False)."""
    db.session.execute(update(notes).where(notes.c.id == note_id).values(**values))
    if index:
        enqueue("note", note_id)


BACKENDS = ("whoosh", "postgres")


def make_app(tmp_path, backend: str, url: str | None):
    """An app for one search backend with the note type registered (for a separate process)."""
    from champions import create_app
    from champions.config import test_config

    settings = test_config(str(tmp_path), url)
    settings["WTF_CSRF_ENABLED"] = False
    settings["SEARCH_BACKEND"] = backend
    return create_app(settings)


def concurrent_writer(tmp_path: str, url: str | None, first: int, count: int) -> None:
    """In a separate (spawned) process: add notes one by one, each applied to the index at once."""
    application = make_app(tmp_path, "whoosh", url)
    application.config["SEARCH_SYNC"] = False
    register(NOTE_TYPE)
    from champions.search import jobs

    with application.app_context():
        for n in range(first, first + count):
            note(title=f"Concurrent note {n}", body=f"Written by a worker, number {n}.")
            db.session.commit()
            jobs.process_pending(application)
        db.session.remove()
