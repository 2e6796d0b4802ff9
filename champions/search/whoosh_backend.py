"""The embedded backend: a Whoosh index on local disk (one writer at a time, under a lock).

Layout: SEARCH_INDEX_DIR/CURRENT names the live index directory (SEARCH_INDEX_DIR/<stamp>).
A rebuild writes a new directory and replaces CURRENT atomically, so searches keep working.
Each worker keeps one searcher per thread and reopens it only after the index changes.
"""
from __future__ import annotations

import difflib
import fcntl
import os
import re
import shutil
import threading
import time
from contextlib import contextmanager
from datetime import timezone

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.query import And, Or, Phrase, Prefix, Term

from markupsafe import Markup, escape

from champions.search import whoosh_fast
from champions.search.whoosh_layout import LAYOUT_FILE, LAYOUT_VERSION, layout_difference  # noqa: F401
from champions.search.index import Hit, IndexBusy, IndexOutdated, Results, clean_text, document_version, split_query
from champions.search.whoosh_fast import Evaluator, RebuildCodec, SegmentData, live_docs, term_docs

TITLE_BOOST = 3.0
# Relevance results are collected this deep and re-ranked so that words found side by side
# ("option 2") come before the same words apart; positional phrase queries cost 10x more.
RERANK_DEPTH = 40
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
        # No separate spelling field: it costs ~40% of indexing time; see _suggest.
        body=TEXT(analyzer=analyzer, stored=True),
        visibility=ID,
        owner_id=ID,
        tags=KEYWORD(commas=True, lowercase=True),
        created_at=DATETIME(sortable=True, stored=True),
        author_name=STORED,
        url=STORED,
    )


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
        with open(os.path.join(path, LAYOUT_FILE), "w", encoding="utf-8") as handle:
            handle.write(LAYOUT_VERSION)
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
        return problem

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
            problem = self._layout_of(path, ix)
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
        """(all-words query, any-word query or None, loose words); no field syntax or wildcards exist here."""
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
        anyword = Or(parts) if len(parts) > 1 else None
        return everything, anyword

    def _evaluator(self, searcher) -> Evaluator:
        """This thread's evaluator for the searcher (per-segment data survives reopening)."""
        held = getattr(self._local, "evaluator", None)
        if held is None or held.searcher is not searcher:
            segdata = held.segdata if held is not None else SegmentData()
            held = self._local.evaluator = Evaluator(searcher, segdata)
            self._local.allowed = {}
        return held

    def _allowed(self, searcher, levels, owner_id) -> set:
        """Live document numbers this reader may see: cached per searcher for each set of levels."""
        self._evaluator(searcher)
        key = tuple(sorted(levels))
        cache = self._local.allowed
        if key not in cache:
            cache[key] = live_docs(searcher, "visibility", key)
        allowed = cache[key]
        if owner_id is not None:
            own = live_docs(searcher, "owner_id", [str(owner_id)])
            if own - allowed:
                allowed = allowed | own
        return allowed

    def _parts(self, text: str) -> list[tuple[str, list[str]]]:
        """The query as ("term", [token]) and ("phrase", tokens) parts, like _user_query."""
        phrases, words = split_query(text)
        parts, loose = [], []
        for phrase in phrases:
            toks = self._tokens(phrase)
            if len(toks) == 1:
                parts.append(("term", toks))
            elif toks:
                parts.append(("phrase", toks))
        for word in words:
            loose.extend(self._tokens(word))
        parts.extend(("term", [t]) for t in dict.fromkeys(loose))
        return parts

    def _part_docs(self, ev, searcher, part) -> set:
        """Document numbers matching one part (title or body)."""
        kind, toks = part
        if kind == "term":
            return set(ev.term("title", toks[0])[0]).union(ev.term("body", toks[0])[0])
        return set(searcher.docs_for_query(Or([Phrase("title", toks), Phrase("body", toks)])))

    def search(self, results, levels, owner_id, kinds, tag, sort):
        """Fill `results` with one page of what the user may see (permissions inside the query)."""
        searcher = self.searcher()
        parts = self._parts(results.text)
        if not parts or searcher.doc_count_all() == 0:
            return results
        ev = self._evaluator(searcher)
        ev.begin()
        visible = self._allowed(searcher, levels, owner_id)
        allowed = visible & term_docs(searcher, "tags", tag.lower()) if tag else visible
        sets = sorted((self._part_docs(ev, searcher, p) for p in parts), key=len)
        matched = allowed.intersection(*sets)
        self._count(ev, results, matched, kinds)
        found_every_word = sum(results.counts.values())
        if results.total == 0 and len(parts) > 1:
            results.any_words = True
            matched = allowed & set().union(*sets)
            self._count(ev, results, matched, kinds)
        if results.total:
            if kinds:
                matched = matched & set().union(*(ev.kinds().get(k, set()) for k in kinds))
            self._page(ev, results, matched, parts, sort)
        # A misspelt word: offer a spelling even when other words found something on their own.
        if found_every_word < 3:
            restrict = [Term("tags", tag.lower())] if tag else []
            results.suggestion = self._suggest(searcher, results.text, restrict, visible)
        return results

    @staticmethod
    def _count(ev, results, matched, kinds) -> None:
        """Exact matches per kind the reader may see (set sizes: no scoring, no cap needed)."""
        counts = {}
        for kind, docs in ev.kinds().items():
            number = len(matched & docs) if len(matched) > len(docs) else len(docs & matched)
            if number:
                counts[kind] = number
        results.counts = counts
        results.counts_capped = {k: False for k in counts}
        results.total = sum(n for k, n in counts.items() if not kinds or k in kinds)
        results.total_is_estimate = False

    def _page(self, ev, results, matched, parts, sort) -> None:
        """The requested page; relevance pages are re-ranked for words side by side."""
        limit = results.page * results.per_page
        start = (results.page - 1) * results.per_page
        stems = {t for _, toks in parts for t in toks}
        stored = ev.searcher.stored_fields
        if sort == "newest":
            hits = [stored(d) for d in ev.newest(matched, limit)[start:]]
        else:
            words = split_query(results.text)[1]
            depth = max(limit, RERANK_DEPTH) if 2 <= len(words) <= 4 else limit
            top = ev.top(matched, ev.scorers(list(stems)), depth)
            if depth > limit:
                hits = self._rerank([stored(d) for d in top], results.text)[start:limit]
            else:
                hits = [stored(d) for d in top[start:limit]]
        self._fill_hits(results, hits, stems)

    @staticmethod
    def _rerank(hits, text):
        """Stable re-order: hits whose title or body has the query words side by side come first."""
        words = split_query(text)[1]
        if not 2 <= len(words) <= 4:
            return hits
        pattern = re.compile(r"\b" + r"\w*\W+".join(re.escape(w[:max(3, len(w) - 2)]) for w in words) + r"\w*\b",
                             re.IGNORECASE)
        near = [h for h in hits if pattern.search(h.get("title", "")) or pattern.search(h.get("body", ""))]
        if not near:
            return hits
        ids = {id(h) for h in near}
        return near + [h for h in hits if id(h) not in ids]

    def _fill_hits(self, results, hits, stems) -> None:
        """Hits from stored fields, with snippets marked from the stored body."""
        results.hits, cache = [], {}
        for fields in hits:
            body = fields.get("body", "")
            snippet = whoosh_fast.snippet(body, stems, self._tokens, cache)
            if not snippet:
                snippet = str(escape(body[:220] + ("…" if len(body) > 220 else "")))
            created = fields.get("created_at")
            results.hits.append(Hit(
                doc_id=fields["doc_id"], kind=fields["kind"], title=fields.get("title", ""),
                url=fields.get("url", ""), snippet=Markup(snippet),
                created_at=created.replace(tzinfo=timezone.utc) if created else None,
                author_name=fields.get("author_name", ""),
            ))

    def _suggest(self, searcher, text, restrict, allowed) -> str | None:
        """A corrected query, offered only when it finds something this user may see."""
        phrases, words = split_query(text)
        if phrases or not words:
            return None
        reader = searcher.reader()
        corrector = searcher.corrector("body")
        changed, fixed = False, []
        for word in words:
            toks = self._tokens(word)
            known = len(toks) != 1 or any(reader.doc_frequency(f, toks[0]) for f in ("title", "body"))
            guess = None
            if not known and word.isalpha():
                stem = next(iter(corrector.suggest(toks[0], limit=1)), None)
                guess = self._unstem(stem, word.lower()) if stem else None
            if known or guess:
                fixed.append(guess or word)
            changed = changed or bool(guess) or not known  # an unknown word with no guess is left out
        if not changed or not fixed:
            return None
        suggestion = " ".join(fixed)
        query, _ = self._user_query(suggestion)
        if query is None or searcher.search(And([query] + restrict), filter=allowed, limit=1).is_empty():
            return None
        return suggestion

    def _unstem(self, stem: str, typed: str) -> str:
        """A real-looking word for an indexed stem: the stem plus the typed word's ending ("payment" + "s")."""
        # Endings of up to four letters from what was typed, never one that repeats the stem's own
        # ending ("carer" + "ers" would give "carerers" for "carrers").
        endings = [typed[i:] for i in range(max(1, len(typed) - 4), len(typed))]
        candidates = [stem] + [stem + e for e in endings if not (len(e) >= 2 and stem.endswith(e[:2]))]
        fitting = [c for c in candidates if self._tokens(c) == [stem]]
        return max(fitting, key=lambda c: (difflib.SequenceMatcher(None, c, typed).ratio(), -len(c)), default=stem)

    def similar(self, text, levels, owner_id, kind, limit):
        """Documents of `kind` sharing words with `text`, best first."""
        searcher = self.searcher()
        toks = list(dict.fromkeys(self._tokens(text)))
        if not toks or searcher.doc_count_all() == 0:
            return []
        query = And([Or([self._both(t) for t in toks]), Term("kind", kind)])
        found = searcher.search(query, filter=self._allowed(searcher, levels, owner_id), limit=limit)
        results = Results(per_page=limit)
        self._fill_hits(results, [hit.fields() for hit in _top(found)], set(toks))
        return results.hits


def _top(found) -> list:
    """The collected hits (list(found) would count every match through len())."""
    return [found[i] for i in range(found.scored_length())]


class WhooshBatch:
    """Index changes made under one writer lock."""

    def __init__(self, writer):
        self.writer = writer

    def replace(self, source: str, docs) -> None:
        """Drop the source's old documents and add its current ones."""
        self.writer.delete_by_term("source", source)
        for doc in docs:
            self.writer.update_document(**_fields(source, doc))

