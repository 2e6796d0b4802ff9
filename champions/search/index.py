"""The search engine interface: one small API over two backends (Whoosh, PostgreSQL).

Everything outside champions/search/ talks to search through these functions:
``add_documents``, ``remove``, ``query``, ``rebuild``, ``check`` (and jobs.process_pending).
The backend is chosen by SEARCH_BACKEND ("whoosh", the default, or "postgres") and one
engine object lives per app in ``app.extensions["search"]`` so a worker keeps one searcher.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable

from flask import current_app
from markupsafe import Markup

from champions import permissions
from champions.search.types import SearchDocument, registered_types

MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "newest")
# Counts are exact up to this many matches per type; past it they are shown as "more than".
COUNT_CAP = 1000


@dataclass
class Hit:
    """One result as the page shows it."""

    doc_id: str
    kind: str
    title: str
    url: str
    snippet: Markup             # escaped text with matched words in <mark>
    created_at: datetime | None
    author_name: str = ""

    @property
    def kind_label(self) -> str:
        """The content type's label ("Questions")."""
        search_type = registered_types().get(self.kind)
        return search_type.label if search_type else self.kind.title()

    @property
    def kind_singular(self) -> str:
        """"Question" from "Questions": the type shown beside a result."""
        label = self.kind_label
        return label[:-1] if label.endswith("s") else label


@dataclass
class Results:
    """A page of hits with totals, counts per type and a spelling suggestion."""

    text: str = ""
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False     # True when total is a lower bound (capped)
    counts: dict[str, int] = field(default_factory=dict)
    counts_capped: dict[str, bool] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    suggestion: str | None = None
    message: str | None = None          # e.g. "your search was shortened"
    any_words: bool = False             # True when no result had every word and we matched any
    unavailable: bool = False           # True when the index could not be used (being rebuilt)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, left_edge=1, left_current=2, right_current=2, right_edge=1):
        """Page numbers with None for gaps, like Flask-SQLAlchemy's Pagination."""
        last = 0
        for num in range(1, self.pages + 1):
            if (num <= left_edge or self.page - left_current <= num <= self.page + right_current
                    or num > self.pages - right_edge):
                if last + 1 != num:
                    yield None
                yield num
                last = num


class IndexBusy(Exception):
    """Another process holds the index writer lock: leave the work for later."""


class IndexOutdated(Exception):
    """The live index was built by other code (another layout or schema): `flask search ensure` rebuilds it."""


class SearchUnavailable(Exception):
    """The index cannot be used just now (missing, outdated or damaged); it was logged."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text safe to index: no control characters, no unpaired surrogates."""
    text = (text or "").encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub(" ", text)


def clean_query(text: str | None) -> tuple[str, str | None]:
    """The user's query cleaned (control and format characters gone, spaces collapsed, capped)."""
    text = clean_text(text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cs", "Co", "Cn"))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        return cut, f"Searches are limited to {MAX_QUERY_LENGTH} characters, so we searched for the first part only."
    return text, None


def split_query(text: str) -> tuple[list[str], list[str]]:
    """Split a query into "quoted phrases" and loose words; stray quotes are ignored."""
    phrases = [p.strip() for p in re.findall(r'"([^"]*)"', text) if p.strip()]
    rest = re.sub(r'"[^"]*"', " ", text).replace('"', " ")
    return phrases, rest.split()


def document_version(doc: SearchDocument) -> str:
    """A short fingerprint of everything indexed about a document, for `check`."""
    parts = [doc.kind, doc.title, doc.body, doc.url, doc.visibility, str(doc.owner_id or ""),
             ",".join(sorted(doc.tags)), doc.created_at.isoformat() if doc.created_at else "",
             doc.author_name]
    return hashlib.sha1("\x1f".join(clean_text(p) for p in parts).encode()).hexdigest()[:16]


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
        return engine().search(results, levels, owner_id, kinds or None, tag or None, sort)
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
    """Up to `limit` visible documents of one kind whose words look like this title."""
    cleaned, _ = clean_query(title.replace('"', " "))
    levels = permissions.visible_levels(user)
    if not cleaned or not levels:
        return []
    try:
        _sync()
        return engine().similar(cleaned, levels, getattr(user, "id", None), kind, limit)
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
