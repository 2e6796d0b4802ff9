"""How common each word is in search_document, for choosing how PostgreSQL finds a query's first matches.

The GIN index answers "which documents have this word?" with every such document: for a word in most
documents that is a bitmap of tens of thousands of rows (several milliseconds at 100,000 documents),
of which the query keeps the first COUNT_CAP + 1 in the table's order. Reading the table in that same
order and stopping at the cap finds exactly the same rows (a scan of a range of row positions, ctid,
which returns rows in the order a bitmap scan does) and, for a common word, reads only a few thousand.
For a rare word it would read far more than the index does, so the choice needs each word's share of
documents: PostgreSQL's own statistics for the tsv column (pg_stats, kept by ANALYZE and autovacuum),
read once every few minutes per process. They only choose the access path: the rows found are the same
either way, so statistics that are out of date cost time, never a different answer.
"""
from __future__ import annotations

import math
import threading
import time

from sqlalchemy import text
from whoosh.lang.snowball.english import EnglishStemmer

from champions.extensions import db

REFRESH_SECONDS = 600
# A query's part(s) must be in at least this share of documents before the table is read in order
# (below it, the index's bitmap is cheaper: measured at 100,000 documents, about a tenth now that each
# row holds its tsvector; it was a third when every row read in order fetched it from the TOAST table).
IN_ORDER_SHARE = 0.1
# The range read in order is this many times the rows expected to hold the cap's matches (the reader
# may see only some documents); the scan stops at the cap, and when the range holds fewer the index is used.
SPAN = 3.0
STATISTICS = text(
    "SELECT s.most_common_elems::text::text[] AS words, s.most_common_elem_freqs AS shares, "
    "c.reltuples, c.relpages FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() "
    "AND s.tablename = 'search_document' AND s.attname = 'tsv' WHERE c.oid = to_regclass('search_document')")
_stem = EnglishStemmer().stem  # the Snowball stemmer of PostgreSQL's 'english' configuration


class WordShares:
    """Share of documents holding each of the table's most common words, and rows per page; refreshed per process."""

    def __init__(self):
        self._lock = threading.Lock()
        self.read_at: float | None = None
        self.shares: dict[str, float] = {}
        self.rows_per_page = 0.0

    def refresh(self) -> None:
        if self.read_at is not None and time.monotonic() - self.read_at < REFRESH_SECONDS:
            return
        row = db.session.connection().execute(STATISTICS).first()
        shares: dict[str, float] = {}
        rows_per_page = 0.0
        if row is not None:
            if row.words and row.shares:
                shares = dict(zip(row.words, row.shares))  # the frequencies list ends with three summary values
            if row.relpages and row.reltuples and row.reltuples > 0:
                rows_per_page = row.reltuples / row.relpages
        with self._lock:
            self.shares, self.rows_per_page, self.read_at = shares, rows_per_page, time.monotonic()

    def share(self, word: str) -> float:
        """Estimated share of documents with this word (0 for a word not among the most common)."""
        return self.shares.get(_stem(word.lower()), 0.0)

    def part_share(self, part: list[list[str]]) -> float:
        """A part (alternatives, each a word or a phrase): any alternative; a phrase as if its words were independent."""
        missing = 1.0
        for alternative in part:
            missing *= 1.0 - math.prod(self.share(w) for w in alternative)
        return 1.0 - missing

    def pages_for(self, share: float, wanted: int) -> int | None:
        """Pages to read in order for `wanted` matches of something in `share` of documents, or None: use the index."""
        if share < IN_ORDER_SHARE or self.rows_per_page <= 0:
            return None
        return math.ceil(SPAN * wanted / (share * self.rows_per_page))
