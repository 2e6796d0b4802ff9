"""Ranking in the PostgreSQL backend: BM25-like full-text ranks over any of the words, fused with meaning.

Lexical: one statement takes the first COUNT_CAP + 1 permitted documents with every part of the query
and the first COUNT_CAP + 1 with any part (a GIN index scan each), and ranks them: words side by side
first, then every part, then ts_rank_cd. Semantic: one statement orders the permitted documents by the
Hamming distance between their embedding's sign bits and the query's (an index-only scan of a narrow
covering index holding the permission columns and the 32-byte bit strings),
and the nearest SIGN_CANDIDATES are re-ranked by cosine similarity of their float16 vectors here.
Both statements carry the reader's permission condition, so nothing they may not see is counted,
ranked or returned. No pgvector: it is not packaged for the PostgreSQL this runs on.
"""
from __future__ import annotations

from functools import reduce

import numpy as np
from sqlalchemy import bindparam, func, literal_column, select, union
from sqlalchemy.dialects.postgresql import BIT
from sqlalchemy.orm import aliased

from champions.extensions import db
from champions.search import embeddings, hybrid
from champions.search.common import COUNT_CAP, split_query
from champions.search.models import SearchDocumentRow as Row

TSV = literal_column("search_document.tsv")
BITS = literal_column("search_document.embedding_bits")
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
    """Rows (doc_id, kind, side_by_side, all_words, rank) best first, from at most 2 x (COUNT_CAP + 1) matches."""
    every_q, any_q = tsqueries(parts)
    if every_q is None:
        return []
    where = list(conditions) + ([Row.kind == kind] if kind else [])
    first = select(Row.doc_id).where(*where, TSV.op("@@")(every_q)).limit(COUNT_CAP + 1)
    rest = select(Row.doc_id).where(*where, TSV.op("@@")(any_q)).limit(COUNT_CAP + 1)
    ids = union(first, rest).subquery()
    words = split_query(text)[1]
    near = TSV.op("@@")(func.phraseto_tsquery("english", " ".join(words) if 2 <= len(words) <= 4 else ""))
    rank = func.ts_rank_cd(TSV, any_q)
    statement = (select(Row.doc_id, Row.kind, near.label("side_by_side"), TSV.op("@@")(every_q).label("all_words"),
                        rank.label("rank"))
                 .join(ids, ids.c.doc_id == Row.doc_id)
                 .order_by(literal_column("side_by_side").desc(), literal_column("all_words").desc(), rank.desc(),
                           Row.created_at.desc()))
    return db.session.execute(statement).all()


def neighbours(conditions, text: str, kind: str | None = None, app=None):
    """[(doc_id, kind)] of permitted documents nearest in meaning, nearest first ([] without a model)."""
    if not hybrid.wants_meaning(text):
        return []
    vector = embeddings.embed_query(hybrid.embedding_text(text, hybrid.query_parts(text)), app)
    if vector is None:
        return []
    bits = "".join("1" if v > 0 else "0" for v in vector)
    distance = func.bit_count(BITS.op("#")(bindparam("qbits", bits, type_=BIT(256))))
    where = list(conditions) + ([Row.kind == kind] if kind else [])
    # The nearest by sign bits come from the narrow covering index (ix_search_document_meaning: an
    # index-only scan of about 100 bytes a row instead of the whole row); only they fetch their vectors.
    near = (select(Row.doc_id.label("doc_id"), distance.label("distance"))
            .where(*where, BITS.isnot(None)).order_by(distance, Row.doc_id)
            .limit(SIGN_CANDIDATES).subquery("near"))
    full = aliased(Row, name="candidate")
    rows = db.session.execute(select(full.doc_id, full.kind, full.embedding)
                              .join(near, near.c.doc_id == full.doc_id)
                              .order_by(near.c.distance, near.c.doc_id)).all()
    if not rows:
        return []
    scores = embeddings.matrix([r.embedding for r in rows]) @ vector
    order = np.argsort(-scores, kind="stable")
    return [(rows[i].doc_id, rows[i].kind) for i in order.tolist()
            if scores[i] >= hybrid.SEMANTIC_MIN][:hybrid.SEMANTIC_DEPTH]


def ranked(conditions, text: str, kind: str | None = None, app=None):
    """(fused doc ids best first, {doc_id: kind} of every match, ids with every word) for a query."""
    parts = hybrid.query_parts(text)
    rows = lexical(conditions, parts, text, kind)
    near_rows = neighbours(conditions, text, kind, app)
    kinds = {r.doc_id: r.kind for r in rows}
    kinds.update({doc_id: k for doc_id, k in near_rows if doc_id not in kinds})
    every = {r.doc_id for r in rows if r.all_words}
    near = {r.doc_id for r in rows if r.side_by_side and r.all_words}
    fused = hybrid.fuse([r.doc_id for r in rows], [d for d, _ in near_rows], every, near)
    return fused, kinds, every

