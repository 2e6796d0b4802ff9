"""Ranking in the PostgreSQL backend: BM25-like full-text ranks over any of the words, fused with meaning.

Lexical: one statement takes the first COUNT_CAP + 1 permitted documents with every part of the query
and, when that is not already the cap, up to COUNT_CAP + 1 more with any part (a GIN index scan each),
and ranks them: words side by side first, then every part, then ts_rank_cd. Semantic: the process's
copy of every document's sign bits (postgres_meaning.SignCache, kept up to date from the table's
change numbers) orders the reader's permitted documents by Hamming distance to the query's, and the
nearest SIGN_CANDIDATES are read (with the permission condition again) and re-ranked by cosine
similarity of their float16 vectors.
Both statements carry the reader's permission condition, so nothing they may not see is counted,
ranked or returned. No pgvector: it is not packaged for the PostgreSQL this runs on.
"""
from __future__ import annotations

from functools import reduce

import numpy as np
from sqlalchemy import String, any_, bindparam, false, func, literal_column, select, true, union_all
from sqlalchemy.dialects.postgresql import ARRAY

from champions.extensions import db
from champions.search import embeddings, hybrid
from champions.search.common import COUNT_CAP, split_query
from champions.search.models import SearchDocumentRow as Row
from champions.search.types import OUT_OF_DATE_TAG

TSV = literal_column("search_document.tsv")
SIGN_CANDIDATES = 200  # nearest by sign bits, re-ranked by the full vectors


def tsqueries(parts):
    """(every part, any part) as tsquery expressions; each part's alternatives joined with OR."""
    if not parts:
        return None, None
    exprs = [reduce(lambda a, b: a.op("||")(b), [func.phraseto_tsquery("english", " ".join(alt)) for alt in part])
             for part in parts]
    every = reduce(lambda a, b: a.op("&&")(b), exprs)
    anyone = reduce(lambda a, b: a.op("||")(b), exprs)
    return every, anyone


def lexical(conditions, parts, text: str, kind: str | None = None):
    """Rows (doc_id, kind, side_by_side, all_words, rank, stale) best first, from at most 2 x (COUNT_CAP + 1) matches.

    The first COUNT_CAP + 1 permitted documents with every part, then (only for a query of several
    parts, and only when fewer than that have every part: otherwise they would all rank past the
    capped count) up to COUNT_CAP + 1 more with any part. Each row is ranked in the scan that finds it
    (a tsvector is read once per expression, so none is computed that the answer already gives).
    """
    every_q, any_q = tsqueries(parts)
    if every_q is None:
        return []
    where = list(conditions) + ([Row.kind == kind] if kind else [])
    words = split_query(text)[1]
    # An empty phrase would make PostgreSQL send a notice for every row ("only stop words"): plain false instead.
    near = TSV.op("@@")(func.phraseto_tsquery("english", " ".join(words))) if 2 <= len(words) <= 4 else false()

    def scan(query, all_words):
        return (select(Row.doc_id, Row.kind, Row.created_at, near.label("side_by_side"), all_words.label("all_words"),
                       func.ts_rank_cd(TSV, any_q).label("rank"), _stale(Row).label("stale"))
                .where(*where, TSV.op("@@")(query)))

    first = scan(every_q, true()).limit(COUNT_CAP + 1).cte("first")
    found = select(first)
    if len(parts) > 1:
        few = select(func.count()).select_from(first).scalar_subquery() <= COUNT_CAP  # a one-time filter
        rest = scan(any_q, false()).where(few, Row.doc_id.not_in(select(first.c.doc_id))).limit(COUNT_CAP + 1)
        found = union_all(found, rest)
    found = found.subquery()
    statement = (select(found.c.doc_id, found.c.kind, found.c.side_by_side, found.c.all_words, found.c.rank,
                        found.c.stale)
                 .order_by(found.c.side_by_side.desc(), found.c.all_words.desc(), found.c.rank.desc(),
                           found.c.created_at.desc()))
    return db.session.connection().execute(statement).all()  # Core: no ORM work per row


def _stale(row):
    return row.tags.contains(f",{OUT_OF_DATE_TAG},", autoescape=True)


def neighbours(conditions, text: str, kind: str | None = None, app=None, reader=None, signs=None):
    """[(doc_id, kind, stale)] of permitted documents nearest in meaning, nearest first ([] without a model).

    `reader` is (levels, owner_id, groups, tag), for the process's copy of the sign bits (`signs`):
    its nearest SIGN_CANDIDATES permitted documents by sign bits are re-read here with the
    permission `conditions` and re-ranked by cosine similarity of their float16 vectors.
    """
    if not hybrid.wants_meaning(text):
        return []
    vector = embeddings.embed_query(hybrid.embedding_text(text, hybrid.query_parts(text)), app)
    if vector is None:
        return []
    signs.refresh()
    levels, owner_id, groups, tag = reader
    order = signs.nearest(np.packbits(vector > 0).tobytes(), levels, owner_id, groups, kind, tag, SIGN_CANDIDATES)
    if not order:
        return []
    where = list(conditions) + ([Row.kind == kind] if kind else [])
    candidates = bindparam("ids", order, type_=ARRAY(String))
    found = db.session.connection().execute(
        select(Row.doc_id, Row.kind, Row.embedding, _stale(Row).label("stale"))
        .where(Row.doc_id == any_(candidates), *where)).all()
    by_id = {r.doc_id: r for r in found}
    rows = [by_id[d] for d in order if d in by_id]
    if not rows:
        return []
    scores = embeddings.matrix([r.embedding for r in rows]) @ vector
    ranked_ = np.argsort(-scores, kind="stable")
    return [(rows[i].doc_id, rows[i].kind, rows[i].stale) for i in ranked_.tolist()
            if scores[i] >= hybrid.SEMANTIC_MIN][:hybrid.SEMANTIC_DEPTH]


def ranked(conditions, text: str, kind: str | None = None, app=None, reader=None, signs=None):
    """(fused doc ids best first, {doc_id: kind} of every match, ids with every word, out-of-date ids) for a query."""
    parts = hybrid.query_parts(text)
    rows = lexical(conditions, parts, text, kind)
    near_rows = neighbours(conditions, text, kind, app, reader, signs)
    kinds = {r.doc_id: r.kind for r in rows}
    kinds.update({doc_id: k for doc_id, k, _ in near_rows if doc_id not in kinds})
    stale = {r.doc_id for r in rows if r.stale} | {doc_id for doc_id, _, old in near_rows if old}
    every = {r.doc_id for r in rows if r.all_words}
    near = {r.doc_id for r in rows if r.side_by_side and r.all_words}
    fused = hybrid.fuse([r.doc_id for r in rows], [d for d, _, _ in near_rows], every, near)
    return fused, kinds, every, stale
