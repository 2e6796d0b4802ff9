"""What a content type gives search: documents with a title, a body and who may see them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable

# Visibility levels, narrowest first. A document is also visible to its owner (owner_id),
# for drafts that only their author and champions may see.
VISIBILITY_LEVELS = ("champions", "staff", "partners", "members")
# The tag an out-of-date document carries in the index (a champion marked what it says out of date): ranking
# puts these below current ones (hybrid.current_first). Underscores: no taxonomy slug can take it.
OUT_OF_DATE_TAG = "out_of_date"


@dataclass
class SearchDocument:
    """One searchable thing, as the engine sees it."""

    doc_id: str                 # unique across types, e.g. "question:12" or "answer:40"
    kind: str                   # the type's name, e.g. "question"
    title: str
    body: str                   # plain text (Markdown source is fine)
    url: str                    # where a result links to
    visibility: str             # one of VISIBILITY_LEVELS
    created_at: datetime
    author_name: str = ""
    tags: list[str] = field(default_factory=list)   # tag slugs
    owner_id: int | None = None  # when set, the owner may see it whatever its visibility
    group: str | None = None     # when set ("workshop:12"), that group's members may see it whatever its visibility
    out_of_date: bool = False    # ranks below current documents (stored as OUT_OF_DATE_TAG)

    def index_tags(self) -> list[str]:
        """The tags as the index stores them, lower case, with the out-of-date flag."""
        return [t.lower() for t in self.tags] + ([OUT_OF_DATE_TAG] if self.out_of_date else [])


@dataclass
class SearchType:
    """A registered content type."""

    kind: str                                          # "question"
    label: str                                         # "Questions"
    documents_for: Callable[[int], list[SearchDocument]]  # id -> its documents now ([] if none)
    all_ids: Callable[[], Iterable[int]]               # every id to index on a rebuild
    doc_prefixes: tuple[str, ...] = ()                 # doc_id prefixes this type owns ("question:", "answer:")
    # The tags its documents carry, by group, for the search page's filter: () -> [(group label, [TagChoice])]
    tag_groups: Callable[[], list] | None = None
    # What a result's status line shows: (user, ids) -> {id: object with status_label and status_colour},
    # only for the objects this person may see (a question's "Answered" or "Resolved").
    statuses: Callable[[object, list[int]], dict] | None = None


_TYPES: dict[str, SearchType] = {}


def register(search_type: SearchType) -> SearchType:
    """Add (or replace) a content type; call at import time of the feature's search module."""
    _TYPES[search_type.kind] = search_type
    return search_type


def registered_types() -> dict[str, SearchType]:
    """Every registered content type by kind."""
    return dict(_TYPES)


def unregister(kind: str) -> None:
    """Remove a content type (tests use this to tidy up a type they registered)."""
    _TYPES.pop(kind, None)
