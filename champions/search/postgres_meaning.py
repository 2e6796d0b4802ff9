"""Search by meaning on PostgreSQL: each process keeps the documents' sign bits in memory.

Ordering every permitted row by the Hamming distance of its sign bits took PostgreSQL tens of
milliseconds at 100,000 documents (a scan of the covering index). Here each app server keeps, per
document: its 32 bytes of sign bits, and its permission fields (visibility, owner_id, access_group),
kind and tags, coded as small integers. A search asks PostgreSQL one cheap question first, "anything
changed since change number N?" (an index probe on search_document.change_seq and on
search_document_removed, written by triggers: see models.CHANGE_DDL), applies what changed, then
finds the nearest permitted candidates with numpy. The reader's permitted set is built by the same
rule as Whoosh's (common.allowed_mask), and the candidates' full vectors are then read with the
reader's permission condition in SQL, so a document the reader may not see is never returned even
if this copy were behind.
"""
from __future__ import annotations

import threading

import numpy as np
from sqlalchemy import text

from champions.extensions import db
from champions.search.common import allowed_mask
from champions.search.models import RESET_ALL

WORDS = 4  # 256 sign bits as four 64-bit words
MASKS_KEPT = 64  # permitted sets kept between changes (one per kind of reader, kind and tag asked for)
LOAD_CHUNK = 5000
FIELDS = ("visibility", "owner_id", "access_group", "kind")
CHANGES = text(
    "SELECT doc_id, change_seq, visibility, owner_id, access_group, kind, tags, embedding_sign "
    "FROM search_document WHERE change_seq > :seen "
    "UNION ALL SELECT doc_id, change_seq, NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM search_document_removed WHERE change_seq > :seen ORDER BY 2")


class SignCache:
    """Sign bits and coded permission fields of every indexed document, kept up to date by change number."""

    def __init__(self):
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.seen = 0                        # the highest change number applied
        self.ids: list[str | None] = []      # per slot (None: a removed document's free slot)
        self.slot: dict[str, int] = {}
        self.tags: list[str] = []            # ",slug1,slug2," per slot
        self.free: list[int] = []
        self.vocab = {field: {} for field in FIELDS}
        self.codes = {field: np.full(0, -1, dtype=np.int32) for field in FIELDS}
        self.bits = [np.zeros(0, dtype=np.uint64) for _ in range(WORDS)]  # one array per 64-bit word
        self.has_bits = np.zeros(0, dtype=bool)
        # (levels, owner, groups, kind, tag) -> the permitted documents' slots, until anything changes
        self.permitted: dict[tuple, np.ndarray] = {}

    # --- keeping up -------------------------------------------------------------------
    def refresh(self) -> int:
        """Apply every change committed since the last look (one indexed query); returns how many."""
        if self.seen == 0:  # the first look reads every row: in chunks, so they are never all in memory at once
            streamed = CHANGES.execution_options(stream_results=True, yield_per=LOAD_CHUNK)
            chunks = db.session.connection().execute(streamed, {"seen": 0}).partitions()
        else:
            chunks = [db.session.connection().execute(CHANGES, {"seen": self.seen}).all()]
        count = 0
        for rows in chunks:
            count += len(rows)
            with self._lock:
                for row in rows:
                    if row.change_seq > self.seen:  # another thread may have applied a later read already
                        self._apply(row)
                        self.seen = row.change_seq
        return count

    def _apply(self, row) -> None:
        self.permitted.clear()
        if row.visibility is None:  # a removal (only removals have no visibility)
            if row.doc_id == RESET_ALL:
                self._clear()
            elif row.doc_id in self.slot:
                self._remove(row.doc_id)
            return
        i = self.slot.get(row.doc_id)
        if i is None:
            i = self.free.pop() if self.free else self._grow()
            self.slot[row.doc_id] = i
            self.ids[i] = row.doc_id
        values = {"visibility": row.visibility, "owner_id": row.owner_id, "access_group": row.access_group,
                  "kind": row.kind}
        for field, value in values.items():
            self.codes[field][i] = self._code(field, value)
        self.tags[i] = row.tags or ""
        sign = row.embedding_sign
        self.has_bits[i] = bool(sign) and len(sign) == WORDS * 8
        words = np.frombuffer(sign, dtype=">u8") if self.has_bits[i] else np.zeros(WORDS, dtype=np.uint64)
        for w in range(WORDS):
            self.bits[w][i] = words[w]

    def _remove(self, doc_id: str) -> None:
        i = self.slot.pop(doc_id)
        self.ids[i] = None
        self.tags[i] = ""
        self.has_bits[i] = False
        for field in FIELDS:
            self.codes[field][i] = -1
        self.free.append(i)

    def _grow(self) -> int:
        """A new slot at the end (arrays grow by half again, so appending stays cheap)."""
        n = len(self.ids)
        if n >= self.has_bits.size:
            size = max(1024, n + n // 2)
            self.bits = [np.concatenate([b, np.zeros(size - b.size, dtype=np.uint64)]) for b in self.bits]
            self.has_bits = np.concatenate([self.has_bits, np.zeros(size - self.has_bits.size, dtype=bool)])
            for field in FIELDS:
                old = self.codes[field]
                self.codes[field] = np.concatenate([old, np.full(size - old.size, -1, dtype=np.int32)])
        self.ids.append(None)
        self.tags.append("")
        return n

    def _code(self, field: str, value) -> int:
        if value is None:
            return -1
        return self.vocab[field].setdefault(str(value), len(self.vocab[field]))

    # --- asking -----------------------------------------------------------------------
    def live(self, field: str, values) -> np.ndarray:
        """Mask of documents whose field is any of these values (as strings)."""
        codes = [self.vocab[field][v] for v in values if v in self.vocab[field]]
        n = len(self.ids)
        return np.isin(self.codes[field][:n], codes) if codes else np.zeros(n, dtype=bool)

    def nearest(self, query_bits: bytes, levels, owner_id, groups, kind: str | None, tag: str | None,
                limit: int) -> list[str]:
        """Up to `limit` ids of documents the reader may see, by Hamming distance then id (as SQL orders them)."""
        with self._lock:
            n = len(self.ids)
            rows = self._permitted(levels, owner_id, groups, kind, tag)
            if not rows.size:
                return []
            query = np.frombuffer(query_bits, dtype=">u8").astype(np.uint64)
            distance = np.zeros(n, dtype=np.uint16)
            for w in range(WORDS):
                distance += np.bitwise_count(self.bits[w][:n] ^ query[w])
            distance = distance[rows]
            if rows.size > limit:
                cutoff = np.partition(distance, limit - 1)[limit - 1]
                keep = distance <= cutoff  # every tie at the cut-off, so ids decide as in SQL
                rows, distance = rows[keep], distance[keep]
            order = sorted(zip(distance.tolist(), (self.ids[i] for i in rows.tolist())))
            return [doc_id for _, doc_id in order[:limit]]

    def _permitted(self, levels, owner_id, groups, kind: str | None, tag: str | None) -> np.ndarray:
        """Slots of the documents with sign bits this reader may see (of this kind and tag), kept until a change.
        Called with the lock held."""
        key = (tuple(sorted(levels)), owner_id, tuple(sorted(groups)), kind, tag)
        rows = self.permitted.get(key)
        if rows is None:
            n = len(self.ids)
            allowed = allowed_mask(self.live, levels, owner_id, groups) & self.has_bits[:n]
            if kind:
                allowed &= self.live("kind", [kind])
            if tag:
                needle = f",{tag.lower()},"
                allowed &= np.fromiter((needle in t for t in self.tags), dtype=bool, count=n)
            rows = np.flatnonzero(allowed)
            rows.flags.writeable = False
            if len(self.permitted) >= MASKS_KEPT:
                self.permitted.clear()
            self.permitted[key] = rows
        return rows

    def nbytes(self) -> int:
        """Rough memory held: the arrays, and the ids and tags as Python strings and dictionary entries."""
        arrays = sum(b.nbytes for b in self.bits) + self.has_bits.nbytes + sum(c.nbytes for c in self.codes.values())
        strings = sum(len(d) + 49 for d in self.slot) + sum(len(t) + 49 for t in self.tags)
        return arrays + strings + 8 * len(self.ids) + 8 * len(self.tags) + 100 * len(self.slot)
