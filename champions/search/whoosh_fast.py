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

import heapq
import math
from array import array
from collections import OrderedDict
from itertools import accumulate, repeat

from whoosh.codec.whoosh3 import W3LeafMatcher, byte_to_length
from whoosh.reading import TermNotFound

B, K1 = 0.75, 1.2
# This module reads Whoosh's private posting-list internals: it is written against exactly this
# release, which pyproject.toml pins (tests/search/test_layout.py fails on any other version).
WRITTEN_FOR_WHOOSH = "2.7.5"
# Posting lists kept in memory per worker thread (about 8 bytes each: 4 million is ~32 MB).
MAX_CACHED_POSTINGS = 4_000_000


def _segments(searcher):
    """(segment reader, docnum offset) for each segment of a searcher."""
    return [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]


def _read_postings(reader, fieldname: str, text: str) -> tuple[array, array]:
    """(segment docnums, weights) of one term, decoded a whole block at a time."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return array("i"), array("f")
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
    return ids, weights


class PostingsCache:
    """Recently used posting lists per segment (segments never change once written)."""

    def __init__(self, max_postings: int = MAX_CACHED_POSTINGS):
        self.max_postings = max_postings
        self.size = 0
        self._lists: OrderedDict = OrderedDict()

    def get(self, reader, fieldname: str, text: str) -> tuple[array, array]:
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
    """(global docnums, weights) of one term in one segment."""
    ids, weights = cache.get(reader, fieldname, text)
    return (list(map(offset.__add__, ids)) if offset else ids), weights


def term_docs(searcher, fieldname: str, text: str) -> set:
    """Global document numbers containing a term (deleted documents included)."""
    found: set = set()
    for reader, offset in _segments(searcher):
        found.update(postings(reader, fieldname, text, offset)[0])
    return found


def live_docs(searcher, fieldname: str, texts) -> set:
    """Global document numbers with any of these terms, leaving out deleted documents."""
    found: set = set()
    for reader, offset in _segments(searcher):
        ids: set = set()
        for text in texts:
            ids.update(postings(reader, fieldname, text)[0])
        if reader.has_deletions():
            ids -= set(reader.segment().deleted_docs())
        found.update(d + offset for d in ids)
    return found


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
    """Query evaluation for one searcher (one index generation)."""

    def __init__(self, searcher, segdata: SegmentData):
        self.searcher = searcher
        self.segments = _segments(searcher)
        self.segdata = segdata
        segdata.keep_only({r.segment().segment_id() for r, _ in self.segments})
        self.doc_count = searcher.doc_count_all()
        self._norms: dict = {}
        self._kinds: dict | None = None
        self._created: list | None = None
        self._terms: dict = {}

    def _lengths(self, fieldname: str) -> bytes:
        """Quantised length byte per global docnum."""
        if fieldname not in self._norms:
            self._norms[fieldname] = b"".join(self.segdata.lengths(r, fieldname) for r, _ in self.segments)
        return self._norms[fieldname]

    def _contribution_table(self, fieldname: str, idf: float) -> "_Table":
        """(weight, length byte) -> BM25F term score, filled as pairs are met."""
        avg = self.searcher.avg_field_length(fieldname) or 1
        norms = [K1 * ((1 - B) + B * byte_to_length(b) / avg) for b in range(256)]
        return _Table(idf * (K1 + 1), norms)

    def kinds(self) -> dict[str, set]:
        """kind -> live global docnums."""
        if self._kinds is None:
            names = [t.decode() if isinstance(t, bytes) else t for t in self.searcher.lexicon("kind")]
            self._kinds = {name: live_docs(self.searcher, "kind", [name]) for name in names}
        return self._kinds

    def created(self) -> list:
        """Sortable creation date per global docnum."""
        if self._created is None:
            self._created = [v for r, _ in self.segments for v in self.segdata.created(r)]
        return self._created

    def begin(self) -> None:
        """Start a query: forget the previous query's posting lists."""
        self._terms: dict = {}

    def term(self, fieldname: str, text: str) -> tuple[list, list]:
        """Global (docnums, weights) for a term across segments (kept for the current query)."""
        key = (fieldname, text)
        if key in self._terms:
            return self._terms[key]
        ids, weights = [], []
        for reader, offset in self.segments:
            i, w = postings(reader, fieldname, text, offset, self.segdata.postings)
            ids.extend(i)
            weights.extend(w)
        self._terms[key] = (ids, weights)
        return ids, weights

    def scorers(self, tokens, fields=("title", "body")) -> list[dict]:
        """For each (token, field) present, a dict docnum -> BM25F contribution."""
        out = []
        for token in tokens:
            for fieldname in fields:
                ids, weights = self.term(fieldname, token)
                if not ids:
                    continue
                n = self.searcher.doc_frequency(fieldname, token)
                idf = math.log(self.doc_count / (n + 1)) + 1
                table = self._contribution_table(fieldname, idf)
                lengths = map(self._lengths(fieldname).__getitem__, ids)
                out.append(dict(zip(ids, map(table.__getitem__, zip(weights, lengths)))))
        return out

    def top(self, candidates: set, scorers: list[dict], limit: int) -> list[int]:
        """The `limit` best-scoring candidates; ties go to the lower docnum (as in Whoosh)."""
        ordered = sorted(candidates)
        if not scorers:
            return ordered[:limit]
        columns = [map(s.get, ordered, repeat(0.0)) for s in scorers]
        scores = list(map(sum, zip(*columns))) if len(columns) > 1 else list(columns[0])
        best = heapq.nlargest(limit, range(len(ordered)), key=scores.__getitem__)
        return [ordered[i] for i in best]

    def newest(self, candidates: set, limit: int) -> list[int]:
        """The `limit` most recent candidates."""
        created = self.created()
        return heapq.nlargest(limit, sorted(candidates), key=created.__getitem__)


class _Table(dict):
    """BM25F score by (weight, length byte); looked up from C (map), computed on a miss."""

    def __init__(self, factor: float, norms: list):
        super().__init__()
        self.factor, self.norms = factor, norms

    def __missing__(self, key):
        weight, length = key
        value = self[key] = self.factor * weight / (weight + self.norms[length])
        return value
