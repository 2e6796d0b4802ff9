"""The embedded backend: a Whoosh index on local disk (one writer at a time, under a lock).

Layout: SEARCH_INDEX_DIR/CURRENT names the live index directory (SEARCH_INDEX_DIR/<stamp>).
A rebuild writes a new directory and replaces CURRENT atomically, so searches keep working.
Each worker keeps one searcher per thread and refreshes it; opening one costs ~95 ms.
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
from whoosh import sorting
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.index import LockError
from whoosh.query import And, AndMaybe, Or, Phrase, Prefix, Term

from markupsafe import Markup, escape

from champions.search.index import Hit, IndexBusy, Results, clean_text, document_version, split_query

TITLE_BOOST = 3.0
PHRASE_BOOST = 2.0


def make_schema() -> Schema:
    """The index schema; one-character tokens are kept so "option 2" and "standard 8" work."""
    analyzer = StemmingAnalyzer(minsize=1)
    return Schema(
        doc_id=ID(unique=True, stored=True),
        source=ID(stored=True),
        version=STORED,
        kind=ID(stored=True),
        title=TEXT(analyzer=analyzer, field_boost=TITLE_BOOST, stored=True),
        body=TEXT(analyzer=analyzer, stored=True, spelling=True),
        visibility=ID,
        owner_id=ID,
        tags=KEYWORD(commas=True, lowercase=True),
        created_at=DATETIME(sortable=True, stored=True),
        author_name=STORED,
        url=STORED,
    )


class MarkFormatter(Formatter):
    """Escapes the text and wraps matched words in <mark>."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "<mark>" + str(escape(get_text(text, token, replace))) + "</mark>"

    def _text(self, text):
        return str(escape(text))


def _fields(source: str, doc) -> dict:
    created = doc.created_at
    if created is not None and created.tzinfo is not None:
        created = created.astimezone(timezone.utc).replace(tzinfo=None)
    return {
        "doc_id": doc.doc_id, "source": source, "version": document_version(doc), "kind": doc.kind,
        "title": clean_text(doc.title), "body": clean_text(doc.body), "visibility": doc.visibility,
        "owner_id": str(doc.owner_id) if doc.owner_id is not None else "",
        "tags": ",".join(t.lower() for t in doc.tags), "created_at": created,
        "author_name": doc.author_name, "url": doc.url,
    }


class WhooshEngine:
    """Whoosh index in SEARCH_INDEX_DIR with a CURRENT pointer."""

    def __init__(self, app):
        self.base = app.config["SEARCH_INDEX_DIR"]
        self.timeout = float(app.config.get("SEARCH_WRITER_TIMEOUT", 10.0))
        self.schema = make_schema()
        self.analyzer = self.schema["body"].analyzer
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
        return name

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
            self._ix_cache[name] = whoosh_index.open_dir(os.path.join(self.base, name))
        return name, self._ix_cache[name]

    def searcher(self):
        """This thread's searcher on the live index, refreshed (cheap when nothing changed)."""
        name, ix = self._index()
        held = getattr(self._local, "held", None)
        if held is None or held[0] != name:
            if held is not None:
                held[1].close()
            searcher = ix.searcher()
        else:
            searcher = held[1].refresh()
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
        try:
            yield WhooshBatch(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

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
            holding = self._index()[1].writer(timeout=max(self.timeout, 60))
        try:
            name = self._new_dir()
            writer = whoosh_index.open_dir(os.path.join(self.base, name)).writer(
                procs=2, multisegment=True, limitmb=128)
            count = 0
            try:
                for source, doc in documents:
                    writer.add_document(**_fields(source, doc))
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

    def _clean_old(self, keep: set) -> None:
        for entry in os.listdir(self.base):
            path = os.path.join(self.base, entry)
            if entry not in keep and os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)

    def stored_versions(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (source, version) for everything in the live index."""
        searcher = self.searcher()
        return {f["doc_id"]: (f["source"], f["version"]) for f in searcher.all_stored_fields()}

    # --- querying ----------------------------------------------------------------------
    def _tokens(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)]

    def _both(self, token: str):
        return Or([Term("title", token), Term("body", token)])

    def _user_query(self, text: str):
        """(all-words query, any-word query or None); no field syntax or wildcards exist here."""
        phrases, words = split_query(text)
        parts, loose = [], []
        for phrase in phrases:
            toks = self._tokens(phrase)
            if len(toks) == 1:
                parts.append(self._both(toks[0]))
            elif toks:
                parts.append(Or([Phrase("title", toks), Phrase("body", toks)]))
        for word in words:
            loose.extend(self._tokens(word))
        loose = list(dict.fromkeys(loose))
        parts.extend(self._both(t) for t in loose)
        if not parts:
            return None, None
        everything = And(parts) if len(parts) > 1 else parts[0]
        if 2 <= len(loose) <= 4:
            near = Or([Phrase("title", loose, boost=PHRASE_BOOST), Phrase("body", loose, boost=PHRASE_BOOST)])
            everything = AndMaybe(everything, near)
        anyword = Or(parts) if len(parts) > 1 else None
        return everything, anyword

    @staticmethod
    def _allowed(levels, owner_id):
        allowed = [Term("visibility", level) for level in levels]
        if owner_id is not None:
            allowed.append(Term("owner_id", str(owner_id)))
        return Or(allowed)

    def search(self, results, levels, owner_id, kinds, tag, sort):
        """Fill `results` with one page of what the user may see (permissions inside the query)."""
        searcher = self.searcher()
        everything, anyword = self._user_query(results.text)
        if everything is None:
            return results
        restrict = [self._allowed(levels, owner_id)] + ([Term("tags", tag.lower())] if tag else [])
        found = self._run(searcher, results, everything, restrict, kinds, sort)
        if results.total == 0 and anyword is not None:
            results.any_words = True
            found = self._run(searcher, results, anyword, restrict, kinds, sort)
        self._fill_hits(results, found)
        if sum(results.counts.values()) < 3:
            results.suggestion = self._suggest(searcher, results.text, restrict)
        return results

    def _run(self, searcher, results, user_query, restrict, kinds, sort):
        base = And([user_query] + restrict)
        limit = results.page * results.per_page
        facet = sorting.FieldFacet("kind")
        sortedby = sorting.FieldFacet("created_at", reverse=True) if sort == "newest" else None
        if kinds:
            counted = searcher.search(base, limit=None, scored=False, groupedby=facet)
            counts = counted.groups()
            main = And([base, Or([Term("kind", k) for k in kinds])])
            found = searcher.search(main, limit=limit, sortedby=sortedby, terms=True)
            results.total = sum(len(counts.get(k, ())) for k in kinds)
        else:
            found = searcher.search(base, limit=limit, sortedby=sortedby, groupedby=facet, terms=True)
            counts = found.groups()
            results.total = sum(len(v) for v in counts.values())
        results.counts = {k: len(v) for k, v in counts.items()}
        return found

    def _fill_hits(self, results, found) -> None:
        found.fragmenter = ContextFragmenter(maxchars=220, surround=60)
        found.formatter = MarkFormatter()
        start = (results.page - 1) * results.per_page
        results.hits = []
        for hit in found[start:start + results.per_page]:
            snippet = hit.highlights("body", top=2)
            if not snippet:
                body = hit.get("body", "")
                snippet = str(escape(body[:220] + ("…" if len(body) > 220 else "")))
            created = hit.get("created_at")
            results.hits.append(Hit(
                doc_id=hit["doc_id"], kind=hit["kind"], title=hit.get("title", ""), url=hit.get("url", ""),
                snippet=Markup(snippet), created_at=created.replace(tzinfo=timezone.utc) if created else None,
                author_name=hit.get("author_name", ""),
            ))

    def _suggest(self, searcher, text, restrict) -> str | None:
        """A corrected query, offered only when it finds something this user may see."""
        phrases, words = split_query(text)
        if phrases or not words:
            return None
        reader = searcher.reader()
        corrector = searcher.corrector("body")
        changed, fixed = False, []
        for word in words:
            toks = self._tokens(word)
            known = not toks or any(reader.doc_frequency(f, t) for t in toks for f in ("title", "body"))
            guess = None if known else next(iter(corrector.suggest(word.lower(), limit=1)), None)
            fixed.append(guess or word)
            changed = changed or bool(guess)
        if not changed:
            return None
        suggestion = " ".join(fixed)
        query, _ = self._user_query(suggestion)
        if query is None or searcher.search(And([query] + restrict), limit=1).is_empty():
            return None
        return suggestion

    def similar(self, text, levels, owner_id, kind, limit):
        """Documents of `kind` sharing words with `text`, best first."""
        searcher = self.searcher()
        toks = list(dict.fromkeys(self._tokens(text)))
        if not toks:
            return []
        query = And([Or([self._both(t) for t in toks]), Term("kind", kind), self._allowed(levels, owner_id)])
        found = searcher.search(query, limit=limit, terms=True)
        results = Results(per_page=limit)
        self._fill_hits(results, found)
        return results.hits


class WhooshBatch:
    """Index changes made under one writer lock."""

    def __init__(self, writer):
        self.writer = writer

    def replace(self, source: str, docs) -> None:
        """Drop the source's old documents and add its current ones."""
        self.writer.delete_by_term("source", source)
        for doc in docs:
            self.writer.update_document(**_fields(source, doc))

