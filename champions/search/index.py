"""The search engine interface: one small API over two backends (Whoosh, PostgreSQL).

Everything outside champions/search/ talks to search through these functions:
``add_documents``, ``remove``, ``query``, ``rebuild``, ``check`` (and jobs.process_pending).
The backend is chosen by SEARCH_BACKEND ("whoosh", the default, or "postgres") and one
engine object lives per app in ``app.extensions["search"]`` so a worker keeps one searcher.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from flask import current_app

from champions import permissions
from champions.search.common import (  # noqa: F401 (also used from here, as the interface)
    COUNT_CAP, MAX_QUERY_LENGTH, SORTS, Hit, IndexBusy, IndexOutdated, Results, SearchUnavailable, clean_query,
    clean_text, document_version, split_query)
from champions.search.engine import engine
from champions.search.types import SearchDocument, registered_types


def add_documents(docs: Iterable[SearchDocument]) -> None:
    """Add or replace documents by doc_id (each is its own source)."""
    engine().replace_sources({doc.doc_id: [doc] for doc in docs})


def remove(doc_ids: Iterable[str] = (), prefix: str | None = None) -> None:
    """Remove documents by id, or every document whose id starts with prefix."""
    engine().remove(list(doc_ids), prefix)


def query(user, text: str, kinds: list[str] | None = None, tag: str | None = None,
          sort: str = "relevance", page: int = 1, per_page: int = 20) -> Results:
    """Search what this user may see; permissions are part of the engine query."""
    cleaned, message = clean_query(text)
    levels = permissions.visible_levels(user)
    results = Results(text=cleaned, page=max(1, page), per_page=per_page, message=message)
    if not cleaned or not levels:
        return results
    sort = sort if sort in SORTS else "relevance"
    owner_id = getattr(user, "id", None)
    try:
        _sync()
        return engine().search(results, levels, owner_id, kinds or None, tag or None, sort,
                               groups=permissions.user_groups(user))
    except Exception:
        _failed("query")
        return Results(text=cleaned, page=results.page, per_page=per_page, message=message, unavailable=True)


def _sync() -> None:
    from champions.search import jobs

    jobs.sync_if_needed()


def _failed(what: str) -> None:
    """Log a search failure (a missing, outdated or damaged index) and leave the session usable."""
    current_app.logger.exception("Search %s failed; `flask search ensure` rebuilds a broken index", what)
    from champions.extensions import db

    db.session.rollback()


def similar(user, title: str, kind: str = "question", limit: int = 5) -> list[Hit]:
    """Up to `limit` visible documents of one kind whose words look like this title (hits without snippets)."""
    cleaned, _ = clean_query(title.replace('"', " "))
    levels = permissions.visible_levels(user)
    if not cleaned or not levels:
        return []
    try:
        _sync()
        return engine().similar(cleaned, levels, getattr(user, "id", None), kind, limit,
                                groups=permissions.user_groups(user))
    except Exception:
        _failed("for similar documents")
        raise SearchUnavailable() from None


def all_documents(progress: Callable[[int], None] | None = None):
    """Every (source, document) from every registered type, for a rebuild."""
    for kind, search_type in sorted(registered_types().items()):
        for object_id in search_type.all_ids():
            for doc in search_type.documents_for(object_id):
                yield f"{kind}:{object_id}", doc
            if progress:
                progress(1)


def count_objects() -> int:
    """How many objects a rebuild will visit."""
    return sum(sum(1 for _ in t.all_ids()) for t in registered_types().values())


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh index from the database and swap it in; returns the documents indexed."""
    return engine().rebuild(all_documents(progress))


def held_for_backup():
    """A context in which no index work is applied; it yields copy(folder), which copies the live index there."""
    return engine().held()


def restore_copy(folder: str) -> str:
    """Make an index copied by held_for_backup() the live index; returns its new name."""
    return engine().restore_copy(folder)


def exists() -> bool:
    """Has an index been built?"""
    return engine().exists()


def layout_problem() -> str | None:
    """Why the index must be rebuilt before use ("does not exist", "has an older schema: ..."), or None."""
    return engine().layout_problem()


@dataclass
class CheckReport:
    """What `check` found (and repaired)."""

    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    repaired: bool = False

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check(repair: bool = True) -> CheckReport:
    """Compare database and index document by document; repair differences when asked."""
    expected: dict[str, tuple[str, str]] = {}
    for source, doc in all_documents():
        expected[doc.doc_id] = (source, document_version(doc))
    stored = engine().stored_versions()
    report = CheckReport(
        missing=sorted(set(expected) - set(stored)),
        stale=sorted(d for d in expected.keys() & stored.keys() if expected[d][1] != stored[d][1]),
        extra=sorted(set(stored) - set(expected)),
    )
    if repair and not report.clean:
        eng = engine()
        sources = {expected[d][0] for d in report.missing + report.stale}
        types = registered_types()
        batch = {}
        for source in sources:
            kind, _, object_id = source.rpartition(":")
            batch[source] = types[kind].documents_for(int(object_id))
        eng.remove(report.extra, None)
        eng.replace_sources(batch)
        report.repaired = True
    return report
