"""Whoosh index storage for the embedded backend: schema, live-index pointer, writer lock and rebuilds.

Layout: SEARCH_INDEX_DIR/CURRENT names the live index directory (SEARCH_INDEX_DIR/<stamp>).
A rebuild writes a new directory and replaces CURRENT atomically, so searches keep working.
Each worker keeps one searcher per thread and reopens it only after the index changes.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import timezone

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import FixedBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.query import Prefix

from champions.search import embeddings
from champions.search.whoosh_layout import (  # noqa: F401
    LAYOUT_FILE, LAYOUT_VERSION, MODEL_FILE, layout_difference, model_difference)
from champions.search.common import IndexBusy, IndexOutdated, clean_text, document_version
from champions.search.hybrid import TITLE_BOOST
from champions.search.whoosh_codec import RebuildCodec

REBUILD_WRITER = dict(procs=2, multisegment=True, limitmb=256)


def make_schema() -> Schema:
    """The index schema; one-character tokens are kept so "option 2" and "standard 8" work."""
    analyzer = StemmingAnalyzer(minsize=1)
    return Schema(
        doc_id=ID(unique=True, stored=True),
        source=ID(stored=True),
        version=STORED,
        kind=ID(stored=True, sortable=True),
        title=TEXT(analyzer=analyzer, field_boost=TITLE_BOOST, stored=True),
        # No separate spelling field: it costs ~40% of indexing time; see WhooshEngine._suggest in whoosh_backend.
        body=TEXT(analyzer=analyzer, stored=True),
        visibility=ID,
        owner_id=ID,
        access_group=ID,
        tags=KEYWORD(commas=True, lowercase=True),
        created_at=DATETIME(sortable=True, stored=True),
        author_name=STORED,
        url=STORED,
        # The document's embedding (float16), read a whole segment at a time (see whoosh_semantic).
        vector=COLUMN(FixedBytesColumn(embeddings.VECTOR_BYTES)),
    )


EMBED_CHUNK = 256


def _with_vectors(pairs, app):
    """(source, doc) pairs with each document's vector, embedded a chunk at a time."""
    chunk = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= EMBED_CHUNK:
            yield from _embed_chunk(chunk, app)
            chunk = []
    if chunk:
        yield from _embed_chunk(chunk, app)


def _embed_chunk(chunk, app):
    vectors = embeddings.embed_documents([(clean_text(d.title), clean_text(d.body)) for _, d in chunk], app)
    for (source, doc), vector in zip(chunk, vectors):
        yield source, doc, vector


def _fields(source: str, doc, vector: bytes | None = None) -> dict:
    created = doc.created_at
    if created is not None and created.tzinfo is not None:
        created = created.astimezone(timezone.utc).replace(tzinfo=None)
    return {
        "doc_id": doc.doc_id, "source": source, "version": document_version(doc), "kind": doc.kind,
        "title": clean_text(doc.title), "body": clean_text(doc.body), "visibility": doc.visibility,
        "owner_id": str(doc.owner_id) if doc.owner_id is not None else "",
        "access_group": doc.group or "",
        "tags": ",".join(doc.index_tags()), "created_at": created,
        "author_name": doc.author_name, "url": doc.url,
        "vector": vector or bytes(embeddings.VECTOR_BYTES),
    }


class WhooshStore:
    """Whoosh index in SEARCH_INDEX_DIR with a CURRENT pointer: where it is, writing and rebuilds."""

    def __init__(self, app):
        self.app = app
        self.model = embeddings.model_name(app)
        self.base = app.config["SEARCH_INDEX_DIR"]
        self.timeout = float(app.config.get("SEARCH_WRITER_TIMEOUT", 10.0))
        self.schema = make_schema()
        self._local = threading.local()
        self._ix_cache: dict[str, object] = {}

    # --- where the live index is -------------------------------------------------------
    def _pointer(self) -> str:
        return os.path.join(self.base, "CURRENT")

    def current_name(self) -> str | None:
        """The live index directory's name, or None before the first build."""
        try:
            with open(self._pointer(), encoding="utf-8") as handle:
                return handle.read().strip() or None
        except FileNotFoundError:
            return None

    def exists(self) -> bool:
        name = self.current_name()
        return bool(name) and whoosh_index.exists_in(os.path.join(self.base, name))

    def _new_dir(self) -> str:
        name = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        path = os.path.join(self.base, name)
        os.makedirs(path)
        whoosh_index.create_in(path, self.schema)
        with open(os.path.join(path, LAYOUT_FILE), "w", encoding="utf-8") as handle:
            handle.write(LAYOUT_VERSION)
        with open(os.path.join(path, MODEL_FILE), "w", encoding="utf-8") as handle:
            handle.write(self.model)
        return name

    def layout_problem(self) -> str | None:
        """Why the live index cannot be used as it is (missing, older layout, unreadable), or None."""
        name = self.current_name()
        path = os.path.join(self.base, name) if name else None
        if not path or not whoosh_index.exists_in(path):
            return "does not exist"
        try:
            ix = whoosh_index.open_dir(path)
            problem = self._layout_of(path, ix)
            if problem is None:
                with ix.searcher() as searcher:
                    searcher.doc_count()
        except Exception as exc:  # a damaged index: any error means "rebuild it"
            return f"cannot be read ({exc.__class__.__name__}: {exc})"
        return problem or model_difference(path, self.model)

    def _layout_of(self, path: str, ix) -> str | None:
        """A layout or schema difference between the index at `path` and this code, or None."""
        return layout_difference(path, ix.schema, self.schema)

    def _swap_to(self, name: str) -> None:
        tmp = self._pointer() + f".{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self._pointer())

    def _index(self):
        """The live index, creating an empty one the first time (under a file lock)."""
        name = self.current_name()
        if name is None:
            os.makedirs(self.base, exist_ok=True)
            with open(os.path.join(self.base, ".create.lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                name = self.current_name()
                if name is None:
                    name = self._new_dir()
                    self._swap_to(name)
        if name not in self._ix_cache:
            self._ix_cache.clear()
            path = os.path.join(self.base, name)
            ix = whoosh_index.open_dir(path)
            problem = self._layout_of(path, ix) or model_difference(path, self.model)
            if problem:
                raise IndexOutdated(f"The search index {problem}; run `flask search ensure`.")
            self._ix_cache[name] = ix
        return name, self._ix_cache[name]

    def searcher(self):
        """This thread's searcher on the live index, reopened only when the index changed.

        Not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses a segment's reader when only its
        deletions changed, so a refreshed searcher still finds deleted (e.g. now-hidden) documents.
        """
        name, ix = self._index()
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == name and held[1].up_to_date():
            return held[1]
        if held is not None:
            held[1].close()
        searcher = ix.searcher()
        self._local.held = (name, searcher)
        return searcher

    # --- writing -----------------------------------------------------------------------
    @contextmanager
    def batch(self):
        """A writer on the live index under its lock; raises IndexBusy when another holds it."""
        for _attempt in range(3):
            name, ix = self._index()
            try:
                writer = ix.writer(timeout=self.timeout)
            except LockError:
                raise IndexBusy() from None
            if self.current_name() == name:
                break
            writer.cancel()  # a rebuild swapped the index while we waited: write to the new one
        else:
            raise IndexBusy()
        work = WhooshBatch(writer, self.app)
        try:
            yield work
        except BaseException:
            writer.cancel()
            raise
        # Whoosh only marks a replaced document deleted: its words stay in the segment files until a merge.
        writer.commit(optimize=work.purging)
        if work.purging:
            self._clean_old(keep={name})  # an earlier index kept after a rebuild holds the old words too

    def replace_sources(self, batch: dict) -> None:
        """Replace every document of each source with the given documents."""
        with self.batch() as work:
            for source, docs in batch.items():
                work.replace(source, docs)

    def remove(self, doc_ids: list[str], prefix: str | None) -> None:
        """Delete documents by id or id prefix."""
        with self.batch() as work:
            for doc_id in doc_ids:
                work.writer.delete_by_term("doc_id", doc_id)
            if prefix:
                work.writer.delete_by_query(Prefix("doc_id", prefix))

    def rebuild(self, documents) -> int:
        """Index everything into a new directory, then swap it in; the old index stays live meanwhile."""
        os.makedirs(self.base, exist_ok=True)
        holding = None
        if self.exists():
            # Hold the old index's lock: job processors leave their work queued for the new index.
            try:
                holding = self._index()[1].writer(timeout=max(self.timeout, 60))
            except IndexOutdated:
                holding = None  # nobody can write to an outdated index anyway
        try:
            name = self._new_dir()
            writer = whoosh_index.open_dir(os.path.join(self.base, name)).writer(
                codec=RebuildCodec(), **REBUILD_WRITER)
            count = 0
            try:
                for source, doc, vector in _with_vectors(documents, self.app):
                    writer.add_document(**_fields(source, doc, vector))
                    count += 1
            except BaseException:
                writer.cancel()
                shutil.rmtree(os.path.join(self.base, name), ignore_errors=True)
                raise
            writer.commit()
            previous = self.current_name()
            self._swap_to(name)
        finally:
            if holding is not None:
                holding.cancel()
        self._clean_old(keep={name, previous})
        return count

    @contextmanager
    def held(self):
        """Hold the live index's writer lock, so nothing changes it; yields a function that copies it to a folder."""
        name, ix = self._index()
        try:
            writer = ix.writer(timeout=max(self.timeout, 60))
        except LockError:
            raise IndexBusy() from None

        def copy(folder: str) -> str:
            shutil.copytree(os.path.join(self.base, name), os.path.join(folder, name))
            with open(os.path.join(folder, "CURRENT"), "w", encoding="utf-8") as handle:
                handle.write(name)
            return name

        try:
            yield copy
        finally:
            writer.cancel()

    def restore_copy(self, folder: str) -> str:
        """Make the index copied by held() the live one (under a fresh name), and drop the others."""
        with open(os.path.join(folder, "CURRENT"), encoding="utf-8") as handle:
            copied = handle.read().strip()
        os.makedirs(self.base, exist_ok=True)
        name = "restored-" + time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
        shutil.copytree(os.path.join(folder, copied), os.path.join(self.base, name))
        self._swap_to(name)
        self._ix_cache.clear()
        self._clean_old(keep={name})
        return name

    def _clean_old(self, keep: set) -> None:
        for entry in os.listdir(self.base):
            path = os.path.join(self.base, entry)
            if entry not in keep and os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)

    def stored_versions(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (source, version) for everything in the live index."""
        searcher = self.searcher()
        return {f["doc_id"]: (f["source"], f["version"]) for f in searcher.all_stored_fields()}


class WhooshBatch:
    """Index changes made under one writer lock."""

    def __init__(self, writer, app=None):
        self.writer = writer
        self.app = app
        self.purging = False

    def purge(self) -> None:
        """Merge the whole index when this batch is written, so deleted documents leave the disk."""
        self.purging = True

    def replace(self, source: str, docs) -> None:
        """Drop the source's old documents and add its current ones."""
        self.writer.delete_by_term("source", source)
        for _, doc, vector in _with_vectors([(source, d) for d in docs], self.app):
            self.writer.update_document(**_fields(source, doc, vector))
