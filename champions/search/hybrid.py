"""What both backends share for ranking: query parts with SDS synonyms, and fusing lexical with semantic ranks.

A query becomes parts; each part is a list of alternatives, each alternative a list of words (more than
one word: a phrase). "paying a PA" with the synonym group "PA, personal assistant" gives the parts
[["paying"]], [["a"]], [["pa"], ["personal", "assistant"]]. The lexical ranking puts documents with every
part first, then any part, each by BM25; the semantic ranking orders the reader's permitted documents by
cosine similarity to the query's embedding. Reciprocal rank fusion (RRF) merges the two lists.
"""
from __future__ import annotations

import re
import time

from sqlalchemy import select

from champions.extensions import db
from champions.search.common import split_query
from champions.search.models import SearchSynonym

# BM25 on both backends: the usual constants (how soon a repeated word stops counting for more; how
# much a long document is tempered), and a word in the title counts as three in the body.
BM25_K1, BM25_B = 1.2, 0.75
TITLE_BOOST = 3.0
RRF_K = 60                 # the usual constant: ranks 1 and 2 differ little, rank 1 and 50 a lot
LEXICAL_DEPTH = 100        # lexical ranks fused (later lexical matches follow the fused list)
SEMANTIC_DEPTH = 30        # nearest permitted neighbours fused
SEMANTIC_MIN = 0.35        # below this cosine a neighbour is not a match (chosen on the development half)
SEMANTIC_WEIGHT = 1.0      # RRF weight of the semantic list (the lexical list weighs 1)
EVERY_WORD_FIRST = True    # documents with every word of the query rank before the rest
SYNONYM_SECONDS = 30       # how long a worker keeps the synonym list (an edit in this worker clears it)
MAX_SYNONYM_PARTS = 12     # a very long query is not expanded past this many parts

_cache: dict[str, tuple[float, list[list[list[str]]]]] = {}


def synonym_groups() -> list[list[list[str]]]:
    """Every synonym group as lists of lower-case words, cached briefly per worker."""
    stamp, groups = _cache.get("groups", (None, []))
    if stamp is None or time.monotonic() - stamp > SYNONYM_SECONDS:
        rows = db.session.scalars(select(SearchSynonym).order_by(SearchSynonym.id)).all()
        groups = [g for g in ([words(term) for term in row.term_list] for row in rows) if len(g) > 1]
        groups = [[t for t in g if t] for g in groups]
        _cache["groups"] = (time.monotonic(), groups)
    return groups


def forget_synonyms() -> None:
    """Drop the cached synonym list (after an edit)."""
    _cache.pop("groups", None)


_WORD = re.compile(r"[\w'&+-]+")


def words(text: str) -> list[str]:
    """Lower-case words of a term or query, as synonyms are matched."""
    return [w.strip("'-+&") for w in _WORD.findall(text.lower()) if w.strip("'-+&")]


def query_parts(text: str, groups: list[list[list[str]]] | None = None) -> list[list[list[str]]]:
    """The query as parts, each a list of alternatives (word lists); synonyms add alternatives."""
    groups = synonym_groups() if groups is None else groups
    phrases, loose = split_query(text)
    parts: list[list[list[str]]] = []
    for phrase in phrases:
        found = words(phrase)
        if found:
            parts.append(_with_synonyms(found, groups))
    loose_words = [w for token in loose for w in words(token)]
    i = 0
    while i < len(loose_words):
        match = _longest_term(loose_words, i, groups) if len(parts) < MAX_SYNONYM_PARTS else None
        if match:
            term, group = match
            parts.append([term] + [alt for alt in group if alt != term])
            i += len(term)
        else:
            parts.append([[loose_words[i]]])
            i += 1
    unique, seen = [], set()
    for part in parts:
        key = tuple(tuple(a) for a in part)
        if key not in seen:
            seen.add(key)
            unique.append(part)
    return unique


def _with_synonyms(term: list[str], groups) -> list[list[str]]:
    for group in groups:
        if term in group:
            return [term] + [alt for alt in group if alt != term]
    return [term]


def _longest_term(loose: list[str], start: int, groups):
    """The longest synonym term starting at loose[start], with its group, or None."""
    best = None
    for group in groups:
        for term in group:
            if loose[start:start + len(term)] == term and (best is None or len(term) > len(best[0])):
                best = (term, group)
    return best


def wants_meaning(text: str) -> bool:
    """Is the query one to match by meaning too? Not when it quotes exact words."""
    return not split_query(text)[0]


def embedding_text(text: str, parts: list[list[list[str]]]) -> str:
    """What the query's embedding is made from: its words, plus the synonyms it matched."""
    extra = [" ".join(alt) for part in parts if len(part) > 1 for alt in part[1:]]
    return " ".join([text, *extra])


def current_first(ranked: list, out_of_date: set | frozenset) -> list:
    """The ranking with out-of-date documents moved below every current one (each group keeps its order)."""
    if not out_of_date:
        return ranked
    return [d for d in ranked if d not in out_of_date] + [d for d in ranked if d in out_of_date]


def fuse(lexical: list, semantic: list, every: set | frozenset = frozenset(), near: set | frozenset = frozenset(),
         weight: float | None = None) -> list:
    """Reciprocal rank fusion of two ranked lists of ids (lexical ranks past LEXICAL_DEPTH follow, in order).

    Documents with every word of the query (`every`) still come first, in fused order: a paraphrase
    rarely has every word of the document that answers it, and a search for "option 2" wants option 2.
    Before them come documents with the words side by side (`near`, found by the lexical re-ranking).
    """
    if not semantic:
        return list(lexical)
    weight = SEMANTIC_WEIGHT if weight is None else weight
    scores: dict = {}
    for rank, doc in enumerate(lexical[:LEXICAL_DEPTH]):
        scores[doc] = scores.get(doc, 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, doc in enumerate(semantic):
        scores[doc] = scores.get(doc, 0.0) + weight / (RRF_K + rank + 1)
    order = {doc: i for i, doc in enumerate(lexical)}
    fused = sorted(scores, key=lambda d: (-scores[d], order.get(d, len(order))))
    seen = set(fused)
    fused += [d for d in lexical[LEXICAL_DEPTH:] if d not in seen]
    if every and EVERY_WORD_FIRST:
        tiers = ([d for d in fused if d in near], [d for d in fused if d in every and d not in near],
                 [d for d in fused if d not in every and d not in near])
        fused = [d for tier in tiers for d in tier]
    return fused
