"""The embedded backend: a Whoosh index on local disk (one writer at a time, under a lock).

Storage (the CURRENT pointer, the writer lock, rebuilds) is in whoosh_store; querying is here.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from datetime import timezone

import numpy as np
from whoosh.query import And, Or, Phrase, Term

from markupsafe import Markup, escape

from champions.search import embeddings, hybrid, snippets, whoosh_semantic
from champions.search.common import Hit, Results, allowed_mask, split_query
from champions.search.types import OUT_OF_DATE_TAG
from champions.search.whoosh_fast import Evaluator, SegmentData
from champions.search.whoosh_store import WhooshStore

# Relevance results are collected this deep and re-ranked so that words found side by side
# ("option 2") come before the same words apart; positional phrase queries cost 10x more.
RERANK_DEPTH = 40
SIMILAR = 0.8  # how alike a suggested word and the typed one must be (difflib ratio)
SIMILAR_KEPT = 512  # similar() answers kept per thread for the live searcher (related questions), then emptied
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


class WhooshEngine(WhooshStore):
    """Whoosh index in SEARCH_INDEX_DIR with a CURRENT pointer: queries on top of the storage."""

    def __init__(self, app):
        super().__init__(app)
        self.analyzer = self.schema["body"].analyzer
        self.vectors = whoosh_semantic.VectorCache()

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
            self._local.similar = {}
        return held

    def _allowed(self, searcher, levels, owner_id, groups=()):
        """Mask of the live documents this reader may see: cached per searcher for each set of levels."""
        ev = self._evaluator(searcher)
        cache = self._local.allowed

        def live(field, values):
            if field != "visibility":
                return ev.live(field, values)
            key = tuple(values)
            if key not in cache:
                cache[key] = ev.live(field, key)
            return cache[key]

        return allowed_mask(live, levels, owner_id, groups)

    def _parts(self, text: str) -> list[list[tuple[str, list[str]]]]:
        """The query as parts (synonyms are alternatives): each a list of ("term", [token]) or ("phrase", tokens)."""
        parts = []
        for alternatives in hybrid.query_parts(text):
            alts = []
            for alternative in alternatives:
                toks = self._tokens(" ".join(alternative))
                if len(toks) == 1:
                    alts.append(("term", toks))
                elif toks:
                    alts.append(("phrase", toks))
            if alts and alts not in parts:
                parts.append(alts)
        return parts

    def _part_docs(self, ev, searcher, part):
        """Mask of the documents matching one part: any of its alternatives, in the title or body."""
        found = ev.empty()
        for kind, toks in part:
            if kind == "term":
                found[ev.term("title", toks[0])[0]] = True
                found[ev.term("body", toks[0])[0]] = True
            else:
                found |= ev.mask(searcher.docs_for_query(Or([Phrase("title", toks), Phrase("body", toks)])))
        return found

    def _neighbours(self, searcher, text: str, allowed) -> list[int]:
        """Permitted documents nearest in meaning to the query, nearest first ([] without a model)."""
        if not hybrid.wants_meaning(text):
            return []
        vector = embeddings.embed_query(hybrid.embedding_text(text, hybrid.query_parts(text)), self.app)
        if vector is None:
            return []
        return whoosh_semantic.nearest(self.vectors.matrix(searcher), vector, allowed,
                                       hybrid.SEMANTIC_DEPTH, hybrid.SEMANTIC_MIN)

    def search(self, results, levels, owner_id, kinds, tag, sort, groups=()):
        """Fill `results` with one page of what the user may see (permissions inside the query).

        Lexical: BM25 over any of the words, documents with every word first. Semantic: the permitted
        documents nearest in meaning. The two rankings are fused (RRF); counts are of their union.
        """
        searcher = self.searcher()
        parts = self._parts(results.text)
        if searcher.doc_count_all() == 0:
            return results
        ev = self._evaluator(searcher)
        ev.begin()
        visible = self._allowed(searcher, levels, owner_id, groups)
        allowed = visible & ev.term_mask("tags", tag.lower()) if tag else visible
        sets = [self._part_docs(ev, searcher, p) for p in parts]
        every, anyword = self._every_and_any(allowed, sets)
        neighbours = self._neighbours(searcher, results.text, allowed)
        matched = anyword | ev.mask(neighbours) if neighbours else anyword
        self._count(ev, results, matched, kinds)
        results.any_words = not every.any() and bool(anyword.any()) and len(parts) > 1
        if results.total:
            if kinds:
                wanted = ev.empty()
                for k in kinds:
                    if k in ev.kinds():
                        wanted |= ev.kinds()[k]
                every, anyword = every & wanted, anyword & wanted
                matched = matched & wanted
                neighbours = [d for d in neighbours if wanted[d]]
            self._page(ev, results, every, anyword, neighbours, matched, parts, sort)
        # A misspelt word: offer a spelling even when other words found something on their own.
        if np.count_nonzero(every) < 3:
            restrict = [Term("tags", tag.lower())] if tag else []
            results.suggestion = self._suggest(ev, searcher, results.text, restrict, visible)
        return results

    @staticmethod
    def _every_and_any(allowed, sets):
        """Masks of the allowed documents with every part, and with any part."""
        if not sets:
            return allowed & False, allowed & False
        every, anyword = allowed.copy(), allowed & False
        for found in sets:
            every &= found
            anyword |= found
        return every, anyword & allowed

    @staticmethod
    def _count(ev, results, matched, kinds) -> None:
        """Exact matches per kind the reader may see (set sizes: no scoring, no cap needed)."""
        counts = {}
        for kind, docs in ev.kinds().items():
            number = int(np.count_nonzero(matched & docs))
            if number:
                counts[kind] = number
        results.counts = counts
        results.counts_capped = {k: False for k in counts}
        results.total = sum(n for k, n in counts.items() if not kinds or k in kinds)
        results.total_is_estimate = False

    def _lexical(self, ev, every, anyword, parts, text: str, depth: int) -> tuple[list[int], set]:
        """Document numbers by BM25, every word first, then any; and those of the best with the words side by side."""
        stems = sorted({t for part in parts for _, toks in part for t in toks})
        scores = ev.scores(stems)
        words = split_query(text)[1]
        top, near = ev.top(every, scores, max(depth, RERANK_DEPTH)), set()
        if 2 <= len(words) <= 4 and top:
            head, near = self._rerank([(d, ev.stored(d)) for d in top[:RERANK_DEPTH]], text)
            top = [d for d, _ in head] + top[RERANK_DEPTH:]
        if len(top) < depth:
            top += ev.top(anyword & ~every, scores, depth - len(top))
        return top, near

    def _page(self, ev, results, every, anyword, neighbours, matched, parts, sort) -> None:
        """The requested page: newest first, or lexical and semantic rankings fused."""
        limit = results.page * results.per_page
        start = (results.page - 1) * results.per_page
        stems = {t for part in parts for _, toks in part for t in toks}
        if sort == "newest":
            chosen = ev.newest(matched, limit)[start:]
        else:
            lexical, near = self._lexical(ev, every, anyword, parts, results.text, max(limit, hybrid.LEXICAL_DEPTH))
            fused = hybrid.fuse(lexical, neighbours, _members(every, lexical, neighbours), near)
            out_of_date = set(ev.term("tags", OUT_OF_DATE_TAG)[0].tolist())
            chosen = hybrid.current_first(fused, out_of_date)[start:limit]
        self._fill_hits(results, [ev.stored(d) for d in chosen], stems)

    @staticmethod
    def _rerank(hits, text):
        """Stable re-order of (docnum, stored fields): those with the query words side by side first; and their numbers."""
        words = split_query(text)[1]
        if not 2 <= len(words) <= 4:
            return hits, set()
        pattern = re.compile(r"\b" + r"\w*\W+".join(re.escape(w[:max(3, len(w) - 2)]) for w in words) + r"\w*\b",
                             re.IGNORECASE)
        near = [h for h in hits if pattern.search(h[1].get("title", "")) or pattern.search(h[1].get("body", ""))]
        if not near:
            return hits, set()
        ids = {h[0] for h in near}
        return near + [h for h in hits if h[0] not in ids], ids

    def _fill_hits(self, results, hits, stems, with_snippets: bool = True) -> None:
        """Hits from stored fields, with snippets marked from the stored body (with_snippets=False: none, for
        callers that show only which documents were found)."""
        results.hits, cache = [], {}
        for fields in hits:
            body = fields.get("body", "")
            snippet = snippets.snippet(body, stems, self._tokens, cache) if with_snippets else ""
            if not snippet and with_snippets:
                snippet = str(escape(body[:220] + ("…" if len(body) > 220 else "")))
            created = fields.get("created_at")
            results.hits.append(Hit(
                doc_id=fields["doc_id"], kind=fields["kind"], title=fields.get("title", ""),
                url=fields.get("url", ""), snippet=Markup(snippet),
                created_at=created.replace(tzinfo=timezone.utc) if created else None,
                author_name=fields.get("author_name", ""),
            ))

    def _suggest(self, ev, searcher, text, restrict, allowed) -> str | None:
        """A corrected query, offered only when it finds something this user may see."""
        phrases, words = split_query(text)
        if phrases or not words:
            return None
        corrector = searcher.corrector("body")
        changed, fixed = False, []
        for word in words:
            toks = self._tokens(word)
            # Known to this reader: a word only in content they may not see is treated as unknown, like any other.
            if len(toks) != 1 or any((ev.term_mask(f, toks[0]) & allowed).any() for f in ("title", "body")):
                fixed.append(word)
                continue
            guess = self._guess(ev, searcher, corrector, word, toks[0], allowed)
            if guess is None:
                return None  # leaving a word out would suggest a different search, not a spelling
            fixed.append(guess)
            changed = True
        if not changed:
            return None
        suggestion = " ".join(fixed)
        query, _ = self._user_query(suggestion)
        if query is None or searcher.search(And([query] + restrict), filter=ev.docnums(allowed), limit=1).is_empty():
            return None
        return suggestion

    def _guess(self, ev, searcher, corrector, word: str, token: str, allowed) -> str | None:
        """A known word close to a misspelt one: one slip in a short word, more in longer; none under four letters."""
        if len(word) < 4 or not word.isalpha():
            return None
        typed = word.lower()
        visible = None
        # Whoosh ranks suggestions within the allowed distance by frequency, so ask for the nearest first.
        for distance in range(1, (1 if len(word) <= 5 else 2 if len(word) <= 6 else 3) + 1):
            # Cheap filters first (cached postings), so stored text is read only for likely, visible stems.
            stems = [stem for stem in corrector.suggest(token, limit=8, maxdist=distance)
                     if difflib.SequenceMatcher(None, stem, token).ratio() >= 0.6
                     and (ev.term_mask("body", stem) & allowed).any()]
            # Stems can be close when words are not ("minut" and "might"): the words themselves must be alike.
            if stems and visible is None:
                visible = ev.docnums(allowed)  # Whoosh's own search takes a set
            forms = [self._surface(searcher, stem, typed, visible) for stem in stems]
            scored = [(difflib.SequenceMatcher(None, form, typed).ratio(), form) for form in forms if form]
            best = max(scored, default=(0.0, None))
            if best[0] >= SIMILAR:
                return best[1]
        return None

    def _surface(self, searcher, stem: str, typed: str, allowed) -> str | None:
        """The stem as the content writes it ("famili" -> "family"), from a few documents this person may see.

        None when this person may see no document with it: a suggestion must never hint at the rest.
        """
        forms: Counter = Counter()
        for hit in searcher.search(self._both(stem), filter=allowed, limit=5):
            for found in WORD.findall(f"{hit.get('title', '')} {hit.get('body', '')}"):
                lowered = found.lower()
                if lowered[:4] == stem[:4] and self._tokens(lowered) == [stem]:
                    forms[lowered] += 1
        if not forms:
            return None
        return max(forms, key=lambda w: (difflib.SequenceMatcher(None, w, typed).ratio(), forms[w]))

    def similar(self, text, levels, owner_id, kind, limit, groups=()):
        """Documents of `kind` like `text` in words or meaning, best first.

        Kept for this searcher (this index generation: a change to the index opens a new one and starts
        afresh) under everything that shapes the answer: the text, its query parts (so the synonyms in
        force), the kind, the limit, whether meaning is used, and the exact set of documents this reader
        may see (readers who may see the same documents get the same answer; anyone else, a new one)."""
        searcher = self.searcher()
        if searcher.doc_count_all() == 0:
            return []
        ev = self._evaluator(searcher)
        ev.begin()
        allowed = self._allowed(searcher, levels, owner_id, groups) & ev.kinds().get(kind, ev.empty())
        kept = self._local.similar
        # The query parts (with the synonyms in force) make the searched parts and the meaning's text.
        key = (text, repr(hybrid.query_parts(text)), kind, limit, embeddings.embedder(self.app) is not None,
               hashlib.blake2b(np.packbits(allowed).tobytes(), digest_size=16).digest(), len(allowed))
        found = kept.get(key)
        if found is None:
            found = self._similar(ev, searcher, text, self._parts(text), allowed, limit)
            if len(kept) >= SIMILAR_KEPT:
                kept.clear()
            kept[key] = found
        return list(found)

    def _similar(self, ev, searcher, text, parts, allowed, limit):
        sets = [self._part_docs(ev, searcher, p) for p in parts]
        every, anyword = self._every_and_any(allowed, sets)
        lexical, near = self._lexical(ev, every, anyword, parts, text, max(limit, hybrid.LEXICAL_DEPTH))
        neighbours = self._neighbours(searcher, text, allowed)
        chosen = hybrid.fuse(lexical, neighbours, _members(every, lexical, neighbours), near)[:limit]
        results = Results(per_page=limit)
        # Similar documents are shown by title (related questions): no snippets to mark.
        self._fill_hits(results, [ev.stored(d) for d in chosen], set(), with_snippets=False)
        return results.hits


def _members(mask, *lists) -> set:
    """Which of these document numbers are in the mask (fusion asks only about the listed ones)."""
    return {d for docs in lists for d in docs if mask[d]}
