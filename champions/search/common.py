"""What the search interface (index.py) and both backends share: hits and results, errors, and cleaning
of indexed text and queries. It imports no backend, so backends import it without a cycle."""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from champions.search.types import OUT_OF_DATE_TAG, SearchDocument, registered_types

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
    parts = [doc.kind, doc.title, doc.body, doc.url, doc.visibility, str(doc.owner_id or ""), doc.group or "",
             ",".join(sorted(doc.tags) + ([OUT_OF_DATE_TAG] if doc.out_of_date else [])),
             doc.created_at.isoformat() if doc.created_at else "",
             doc.author_name]
    return hashlib.sha1("\x1f".join(clean_text(p) for p in parts).encode()).hexdigest()[:16]


def allowed_mask(live, levels, owner_id, groups=()):
    """Mask of the documents a reader may see, from `live(field, values)` (a mask per field's values).

    The rule PostgresEngine._allowed writes in SQL: any of the reader's visibility levels, or their own
    (owner_id), or one of their groups (access_group). Used by Whoosh and by the PostgreSQL sign-bit cache.
    """
    allowed = live("visibility", sorted(levels))
    if owner_id is not None:
        allowed = allowed | live("owner_id", [str(owner_id)])
    if groups:
        allowed = allowed | live("access_group", sorted(groups))
    return allowed
