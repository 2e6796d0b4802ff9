"""Sentence embeddings for search by meaning: one small interface over a model that runs on this server.

The model is WordLlama's bundled static embedding model (256 dimensions, about 16 MB, shipped inside
the `wordllama` wheel; numpy and tokenizers only, no network, no GPU). It is loaded from the installed
package once per process. When `wordllama` is not installed, or SEARCH_SEMANTIC is off, `embedder()`
is None and search is lexical only (BM25 over any of the words): nothing else changes.

Vectors are stored as float16 bytes (512 bytes each) beside each indexed document, unit length, so a
dot product is the cosine similarity. A better model replaces `WordLlamaEmbedder` with any object that
has `name`, `dimensions` and `embed(texts) -> float32 array of unit rows`; the index layout records the
model's name, so changing it rebuilds the index.
"""
from __future__ import annotations

import logging
import os
import threading

import numpy as np

log = logging.getLogger(__name__)

DIMENSIONS = 256
VECTOR_BYTES = DIMENSIONS * 2  # float16
# A document's vector mixes its title's and its text's (a title says what a question is about; the
# text's average is diluted by everything else it says). Chosen on the development half of the evaluation.
TITLE_WEIGHT = 0.6
BODY_CHARS = 600

_lock = threading.Lock()
_loaded: dict[str, object] = {}


class WordLlamaEmbedder:
    """WordLlama's bundled l2_supercat model, loaded from the installed package (never downloaded)."""

    name = "wordllama-l2_supercat-256"
    dimensions = DIMENSIONS

    def __init__(self):
        import wordllama
        from wordllama import WordLlama

        # The default lookup (a cache in the home folder, then the network) misses the bundled files.
        folder = os.path.dirname(wordllama.__file__)
        self._model = WordLlama.load(cache_dir=folder, disable_download=True, dim=DIMENSIONS)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (a zero row for text with no known words)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = np.asarray(self._model.embed(list(texts), norm=False), dtype=np.float32)
        return normalise(vectors)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def embedder(app=None):
    """The process's embedding model, loaded on first use; None when semantic search is off or unavailable."""
    if app is None:
        from flask import current_app, has_app_context

        app = current_app if has_app_context() else None
    if app is not None and not app.config.get("SEARCH_SEMANTIC", True):
        return None
    if "model" not in _loaded:
        with _lock:
            if "model" not in _loaded:
                _loaded["model"] = _load()
    return _loaded["model"]


def _load():
    try:
        return WordLlamaEmbedder()
    except ImportError:
        log.warning("search: the wordllama package is not installed, so search matches words only (no meaning)")
    except Exception:
        log.exception("search: the embedding model could not be loaded, so search matches words only")
    return None


def model_name(app=None) -> str:
    """The model's name as recorded with an index ("none" without one)."""
    model = embedder(app)
    return model.name if model is not None else "none"


def document_text(title: str, body: str) -> tuple[str, str]:
    """What is embedded for a document: its title and the start of its text."""
    return title or "", (body or "")[:BODY_CHARS]


def embed_documents(pairs: list[tuple[str, str]], app=None) -> list[bytes | None]:
    """float16 bytes per (title, body), or None for each when there is no model."""
    model = embedder(app)
    if model is None or not pairs:
        return [None] * len(pairs)
    cut = [document_text(title, body) for title, body in pairs]
    titles = model.embed([t for t, _ in cut])
    bodies = model.embed([b for _, b in cut])
    vectors = normalise(TITLE_WEIGHT * titles + (1 - TITLE_WEIGHT) * bodies)
    return [row.astype(np.float16).tobytes() for row in vectors]


def embed_query(text: str, app=None) -> np.ndarray | None:
    """The query's unit vector (float32), or None without a model or when no word of it is known."""
    model = embedder(app)
    if model is None or not text.strip():
        return None
    vector = model.embed([text])[0]
    return vector if np.any(vector) else None


def from_bytes(data: bytes | None) -> np.ndarray | None:
    """A stored vector as float32 (None for a missing one)."""
    if not data or len(data) != VECTOR_BYTES:
        return None
    return np.frombuffer(data, dtype=np.float16).astype(np.float32)


def matrix(blobs: list[bytes | None]) -> np.ndarray:
    """Stored vectors as a float32 matrix (zero rows where missing)."""
    out = np.zeros((len(blobs), DIMENSIONS), dtype=np.float32)
    for i, blob in enumerate(blobs):
        if blob and len(blob) == VECTOR_BYTES:
            out[i] = np.frombuffer(blob, dtype=np.float16)
    return out


def sign_bits(data: bytes | None) -> bytes | None:
    """The vector's 256 sign bits as 32 bytes (PostgreSQL compares these by Hamming distance first)."""
    vector = from_bytes(data)
    if vector is None:
        return None
    return np.packbits(vector > 0).tobytes()
