"""Fast query evaluation over a Whoosh index: posting lists read a block at a time into sets.

Whoosh's own matchers walk postings one document at a time in Python, which costs 100-300 ms
for a few frequent words over 20,000 documents. Here each term's posting list is read block by
block (the ids and weights arrays Whoosh already stores), the query becomes set operations
(intersection for "all words", union for "any word", the reader's allowed set, the kind sets),
and BM25F scores (the same formula and parameters as Whoosh's default weighting, with the title
boost already in the stored weights) are computed only for the documents that match. Counts
per kind are exact set sizes. Data that depends only on a segment (field lengths, creation
dates) is cached per segment, which never changes once written; deletions are handled by the
allowed sets, which are built per searcher from live documents only.
"""
from __future__ import annotations

import math
from array import array
from collections import OrderedDict
from itertools import accumulate

import numpy as np

from whoosh.codec.whoosh3 import W3LeafMatcher, byte_to_length
from whoosh.reading import TermNotFound

from champions.search.hybrid import BM25_B as B, BM25_K1 as K1  # shared with PostgreSQL
# This module reads Whoosh's private posting-list internals: it is written against exactly this
# release, which pyproject.toml pins (tests/search/test_layout.py fails on any other version).
WRITTEN_FOR_WHOOSH = "2.7.5"
# Posting lists kept in memory per worker thread (about 8 bytes each: 4 million is ~32 MB).
MAX_CACHED_POSTINGS = 4_000_000


def _segments(searcher):
    """(segment reader, docnum offset) for each segment of a searcher."""
    return [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]


def _read_postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(segment docnums, weights) of one term, decoded a whole block at a time."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return _NO_IDS, _NO_WEIGHTS
    ids, weights = array("i"), array("f")
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        while matcher.is_active():
            matcher._read_data()
            ids.extend(accumulate(matcher._data[0]))  # ids are stored as deltas
            matcher._read_weights()
            weights.extend(matcher._weights)
            matcher._next_block()
    else:  # inlined or synthetic posting lists are short
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.frombuffer(ids, dtype=np.int32).astype(np.int64), np.frombuffer(weights, dtype=np.float32).astype(np.float64)


_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS = np.zeros(0, dtype=np.float64)


class PostingsCache:
    """Recently used posting lists per segment (segments never change once written)."""

    def __init__(self, max_postings: int = MAX_CACHED_POSTINGS):
        self.max_postings = max_postings
        self.size = 0
        self._lists: OrderedDict = OrderedDict()

    def get(self, reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (reader.segment().segment_id(), fieldname, text)
        found = self._lists.get(key)
        if found is not None:
            self._lists.move_to_end(key)
            return found
        found = _read_postings(reader, fieldname, text)
        if len(found[0]) <= self.max_postings // 4:
            self._lists[key] = found
            self.size += len(found[0])
            while self.size > self.max_postings:
                _, old = self._lists.popitem(last=False)
                self.size -= len(old[0])
        return found

    def keep_only(self, segment_ids: set) -> None:
        """Forget segments that are no longer in the index."""
        for key in [k for k in self._lists if k[0] not in segment_ids]:
            self.size -= len(self._lists.pop(key)[0])


_NO_CACHE = PostingsCache(0)


def postings(reader, fieldname: str, text: str, offset: int = 0, cache: PostingsCache = _NO_CACHE):
    """(global docnums, weights) of one term in one segment, as numpy arrays."""
    ids, weights = cache.get(reader, fieldname, text)
    return (ids + offset if offset else ids), weights


class SegmentData:
    """Per-segment arrays (segments are immutable): field length bytes and creation dates."""

    def __init__(self):
        self._cache: dict = {}
        self.postings = PostingsCache()

    @staticmethod
    def _column_bytes(reader, column_name, typecode):
        """A numeric column's raw values for every document of the segment."""
        perdoc = reader._perdoc
        if not perdoc.has_column(column_name):
            return None
        colfile, base, length = perdoc._get_column_file(column_name)
        try:
            size = array(typecode).itemsize
            count = min(length // size, perdoc.doc_count_all())
            values = array(typecode, colfile.get(base, count * size))
        finally:
            colfile.close()
        if values.itemsize > 1 and array("H", [1]).tobytes()[0] == 1:
            values.byteswap()  # columns are big-endian
        return values, perdoc.doc_count_all() - count

    def lengths(self, reader, fieldname: str) -> bytes:
        """Quantised field length byte per document (Whoosh's own encoding)."""
        key = (reader.segment().segment_id(), "len", fieldname)
        if key not in self._cache:
            found = self._column_bytes(reader, f"_{fieldname}_len", "B")
            self._cache[key] = (found[0].tobytes() + bytes(found[1])) if found else bytes(reader.doc_count_all())
        return self._cache[key]

    def created(self, reader) -> list:
        """Sortable creation-date integers per document (missing dates sort first)."""
        key = (reader.segment().segment_id(), "created")
        if key not in self._cache:
            column = reader.column_reader("created_at", translate=False)
            found = self._column_bytes(reader, "created_at", column._typecode) if hasattr(column, "_typecode") else None
            if found is None:
                values = [column[d] for d in range(reader.doc_count_all())]
            else:
                values = list(found[0]) + [0] * found[1]
            self._cache[key] = values
        return self._cache[key]

    def keep_only(self, segment_ids: set) -> None:
        """Forget segments that are no longer in the index."""
        for key in [k for k in self._cache if k[0] not in segment_ids]:
            del self._cache[key]
        self.postings.keep_only(segment_ids)


class Evaluator:
    """Query evaluation for one searcher (one index generation).

    Sets of documents are boolean numpy arrays indexed by global document number ("masks"); scores
    are float64 arrays of the same length. Everything a query does is a handful of array operations.
    """

    def __init__(self, searcher, segdata: SegmentData):
        self.searcher = searcher
        self.segments = _segments(searcher)
        self.segdata = segdata
        segdata.keep_only({r.segment().segment_id() for r, _ in self.segments})
        self.doc_count = searcher.doc_count_all()
        self._norms: dict = {}
        self._kinds: dict | None = None
        self._created: np.ndarray | None = None
        self._deleted: np.ndarray | None = None
        self._terms: dict = {}
        self._stored: dict = {}

    # --- sets of documents ----------------------------------------------------------------
    def empty(self) -> np.ndarray:
        """A mask with no documents."""
        return np.zeros(self.doc_count, dtype=bool)

    def mask(self, docnums) -> np.ndarray:
        """A mask of these global document numbers."""
        out = self.empty()
        ids = np.fromiter(docnums, dtype=np.int64) if not isinstance(docnums, np.ndarray) else docnums
        if ids.size:
            out[ids] = True
        return out

    def deleted(self) -> np.ndarray:
        """Mask of deleted documents (left out of every live set)."""
        if self._deleted is None:
            out = self.empty()
            for reader, offset in self.segments:
                if reader.has_deletions():
                    gone = np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)
                    if gone.size:
                        out[gone + offset] = True
            self._deleted = out
        return self._deleted

    def live(self, fieldname: str, texts) -> np.ndarray:
        """Mask of live documents with any of these terms (deleted documents left out)."""
        out = self.empty()
        for text in texts:
            out[self.term(fieldname, text)[0]] = True
        return out & ~self.deleted()

    def term_mask(self, fieldname: str, text: str) -> np.ndarray:
        """Mask of documents containing a term (deleted included: combine with a live mask)."""
        out = self.empty()
        out[self.term(fieldname, text)[0]] = True
        return out

    @staticmethod
    def docnums(mask: np.ndarray) -> set:
        """A mask as a set of document numbers (for Whoosh's own `filter=`)."""
        return set(np.flatnonzero(mask).tolist())

    # --- per-segment data -----------------------------------------------------------------
    def _lengths(self, fieldname: str) -> np.ndarray:
        """Quantised length byte per global docnum."""
        if fieldname not in self._norms:
            joined = b"".join(self.segdata.lengths(r, fieldname) for r, _ in self.segments)
            self._norms[fieldname] = np.frombuffer(joined, dtype=np.uint8)
        return self._norms[fieldname]

    def kinds(self) -> dict[str, np.ndarray]:
        """kind -> mask of live documents."""
        if self._kinds is None:
            names = [t.decode() if isinstance(t, bytes) else t for t in self.searcher.lexicon("kind")]
            self._kinds = {name: self.live("kind", [name]) for name in names}
        return self._kinds

    def created(self) -> np.ndarray:
        """Sortable creation date per global docnum."""
        if self._created is None:
            self._created = np.array([v for r, _ in self.segments for v in self.segdata.created(r)], dtype=np.int64)
        return self._created

    def begin(self) -> None:
        """Start a query: forget the previous query's posting lists and stored fields."""
        self._terms = {}
        self._stored = {}

    def stored(self, docnum: int) -> dict:
        """A document's stored fields, read once per query (re-ranking and the page's hits share them)."""
        found = self._stored.get(docnum)
        if found is None:
            found = self._stored[docnum] = self.searcher.stored_fields(docnum)
        return found

    def term(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Global (docnums, weights) for a term across segments (kept for the current query)."""
        key = (fieldname, text)
        if key in self._terms:
            return self._terms[key]
        found = [postings(reader, fieldname, text, offset, self.segdata.postings) for reader, offset in self.segments]
        if len(found) == 1:
            result = found[0]
        elif found:
            result = (np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found]))
        else:
            result = (_NO_IDS, _NO_WEIGHTS)
        self._terms[key] = result
        return result

    # --- scoring --------------------------------------------------------------------------
    def scores(self, tokens, fields=("title", "body")) -> np.ndarray | None:
        """BM25F score per global docnum over these tokens (None when no token is in the index)."""
        total = None
        for token in tokens:
            for fieldname in fields:
                ids, weights = self.term(fieldname, token)
                if not ids.size:
                    continue
                n = self.searcher.doc_frequency(fieldname, token)
                idf = math.log(self.doc_count / (n + 1)) + 1
                avg = self.searcher.avg_field_length(fieldname) or 1
                norms = K1 * ((1 - B) + B * _LENGTHS / avg)
                lengths = self._lengths(fieldname)[ids]
                if total is None:
                    total = np.zeros(self.doc_count, dtype=np.float64)
                total[ids] += idf * (K1 + 1) * weights / (weights + norms[lengths])
        return total

    def top(self, candidates: np.ndarray, scores: np.ndarray | None, limit: int) -> list[int]:
        """The `limit` best-scoring candidates (a mask); ties go to the lower docnum (as in Whoosh)."""
        ids = np.flatnonzero(candidates)
        if scores is None:
            return ids[:limit].tolist()
        return best(ids, scores[ids], limit)

    def newest(self, candidates: np.ndarray, limit: int) -> list[int]:
        """The `limit` most recent candidates (a mask)."""
        ids = np.flatnonzero(candidates)
        return best(ids, self.created()[ids], limit)


def best(ids: np.ndarray, values: np.ndarray, limit: int) -> list[int]:
    """The `limit` ids with the highest values, highest first; equal values in ascending id order."""
    if limit <= 0 or not ids.size:
        return []
    if ids.size > limit:
        kth = np.partition(values, ids.size - limit)[ids.size - limit]  # the limit-th highest value
        above = np.flatnonzero(values > kth)
        tied = np.flatnonzero(values == kth)[:limit - above.size]
        chosen = np.concatenate([above, tied])
        ids, values = ids[chosen], values[chosen]
    order = np.lexsort((ids, -values))
    return ids[order].tolist()


_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
