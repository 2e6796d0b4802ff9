"""Search by meaning over a Whoosh index: each segment's vectors read once into a numpy matrix.

Every document's embedding is in the `vector` column (float16, a fixed 512 bytes), so a segment's
vectors are one read of its column file. Segments never change once written, so their matrices are
kept per process (shared by threads) and only a new segment (a new post) is read after a change.
A query's cosine similarity to every document is one matrix product; only the reader's permitted
(live) documents are kept, before anything leaves this module.
"""
from __future__ import annotations

import threading

import numpy as np

from champions.search import embeddings
from champions.search.whoosh_fast import best

COLUMN = "vector"


def _segment_matrix(reader) -> np.ndarray:
    """The segment's vectors as float32 rows (zero rows where a document has none)."""
    count = reader.doc_count_all()
    out = np.zeros((count, embeddings.DIMENSIONS), dtype=np.float32)
    perdoc = reader._perdoc
    if not perdoc.has_column(COLUMN):
        return out
    colfile, base, length = perdoc._get_column_file(COLUMN)
    try:
        rows = min(length // embeddings.VECTOR_BYTES, count)
        data = colfile.get(base, rows * embeddings.VECTOR_BYTES)
    finally:
        colfile.close()
    out[:rows] = np.frombuffer(data, dtype=np.float16).reshape(rows, embeddings.DIMENSIONS)
    return out


class VectorCache:
    """Per-process segment matrices and the whole index's matrix for the current set of segments."""

    def __init__(self):
        self._lock = threading.Lock()
        self._segments: dict[str, np.ndarray] = {}
        self._whole: tuple[tuple, np.ndarray] | None = None

    def matrix(self, searcher) -> np.ndarray:
        """Rows by global document number for this searcher's segments."""
        leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        key = tuple((r.segment().segment_id(), offset) for r, offset in leaves)
        whole = self._whole
        if whole is not None and whole[0] == key:
            return whole[1]
        with self._lock:
            parts = []
            for reader, _ in leaves:
                segment_id = reader.segment().segment_id()
                if segment_id not in self._segments:
                    self._segments[segment_id] = _segment_matrix(reader)
                parts.append(self._segments[segment_id])
            live = {r.segment().segment_id() for r, _ in leaves}
            for old in [s for s in self._segments if s not in live]:
                del self._segments[old]
            if len(parts) == 1:
                matrix = parts[0]  # one segment (an optimised index): no second copy
            else:
                matrix = np.vstack(parts) if parts else np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
            self._whole = (key, matrix)
        return matrix

    def nbytes(self) -> int:
        """Memory held by the cached matrices."""
        whole = self._whole[1] if self._whole else None
        return sum(m.nbytes for m in self._segments.values()) + (
            whole.nbytes if whole is not None and all(whole is not m for m in self._segments.values()) else 0)


def nearest(matrix: np.ndarray, query: np.ndarray, allowed: np.ndarray, depth: int, minimum: float) -> list[int]:
    """Up to `depth` permitted document numbers (`allowed`: a mask) at least `minimum` alike to the query, nearest first."""
    if matrix.shape[0] == 0 or not allowed.any():
        return []
    scores = matrix @ query
    rows = min(scores.shape[0], allowed.shape[0])
    candidates = np.flatnonzero(allowed[:rows] & (scores[:rows] >= minimum))
    return best(candidates, scores[candidates], depth)
