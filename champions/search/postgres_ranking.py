"""Ranking in the PostgreSQL backend: BM25 full-text ranks over any of the words, fused with meaning.

Lexical: one statement takes the first COUNT_CAP + 1 permitted documents with every part of the query
and, when that is not already the cap, up to COUNT_CAP + 1 more with any part (a GIN index scan each,
or, for words in a large share of documents, a read of the table in order that stops at the cap: the
same rows without the index's bitmap of every match; see postgres_words), and ranks them: words side by side first, then every part, then BM25 as on Whoosh (each part's
ts_rank_cd as its term frequency, weighed by how rare the part is among the matches; see _bm25).
Semantic: the process's copy of every document's sign bits (postgres_meaning.SignCache, kept up to
date from the table's change numbers) orders the reader's permitted documents by Hamming distance to
the query's, and the nearest SIGN_CANDIDATES are read (with the permission condition again) and
re-ranked by cosine similarity of their float16 vectors.
Both statements carry the reader's permission condition, so nothing they may not see is counted,
ranked or returned. No pgvector: it is not packaged for the PostgreSQL this runs on.
"""
from __future__ import annotations

import math
from functools import lru_cache, reduce

import numpy as np
from sqlalchemy import Float, String, any_, bindparam, cast, false, func, literal_column, select, true, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import UserDefinedType

from champions.extensions import db
from champions.search import embeddings, hybrid
from champions.search.common import COUNT_CAP, split_query
from champions.search.models import SearchDocumentRow as Row
from champions.search.types import OUT_OF_DATE_TAG

TSV = literal_column("search_document.tsv")
CTID = literal_column("search_document.ctid")
SIGN_CANDIDATES = 200  # nearest by sign bits, re-ranked by the full vectors
# ts_rank_cd weights (D, C, B, A): title words (A) count TITLE_BOOST times body words (B), as on Whoosh.
# For a one-word part, ts_rank_cd is the sum of its occurrences' weights: times TITLE_BOOST, each body
# occurrence counts one and each title occurrence TITLE_BOOST (BM25's term frequency, as Whoosh weighs it).
WEIGHTS = literal_column(f"'{{0.1, 0.2, {1 / hybrid.TITLE_BOOST:.4f}, 1.0}}'::float4[]")
ABSENT = 1e-9  # below this a part's rank is "not in the document"


def part_queries(parts):
    """One tsquery expression per part: its alternatives joined with OR."""
    return [reduce(lambda a, b: a.op("||")(b), [func.phraseto_tsquery("english", " ".join(alt)) for alt in part])
            for part in parts]


def tsqueries(parts):
    """(every part, any part) as tsquery expressions; each part's alternatives joined with OR."""
    return _every_and_any(part_queries(parts)) if parts else (None, None)


def _every_and_any(exprs):
    every = reduce(lambda a, b: a.op("&&")(b), exprs)
    anyone = reduce(lambda a, b: a.op("||")(b), exprs)
    return every, anyone


def lexical(conditions, parts, text: str, kind: str | None = None, shares=None):
    """Rows (doc_id, kind, side_by_side, all_words, stale) best first, from at most 2 x (COUNT_CAP + 1) matches.

    The first COUNT_CAP + 1 permitted documents with every part, then (only for a query of several
    parts, and only when fewer than that have every part: otherwise they would all rank past the
    capped count) up to COUNT_CAP + 1 more with any part. Each row is ranked in the scan that finds it
    (a tsvector is read once per expression, so none is computed that the answer already gives); the
    tsvector is kept in the row itself (models.STORAGE_DDL), so each read is of the page already in hand,
    not of the TOAST table.
    The rank is BM25, as on Whoosh (see _bm25). `shares` (postgres_words.WordShares) says how common
    the query's words are, to find the first matches of a common word in table order (see _matches).
    """
    if not parts:
        return []
    exprs = part_queries(parts)
    every_q, any_q = _every_and_any(exprs)
    where = list(conditions) + ([Row.kind == kind] if kind else [])
    words = split_query(text)[1]
    # An empty phrase would make PostgreSQL send a notice for every row ("only stop words"): plain false instead.
    # Each tsquery is made once per statement (an InitPlan), not once per row.
    near = (TSV.op("@@")(select(func.phraseto_tsquery("english", " ".join(words))).scalar_subquery())
            if 2 <= len(words) <= 4 else false())
    per_part = [func.ts_rank_cd(WEIGHTS, TSV, select(q).scalar_subquery()) for q in exprs]
    # The document's length for BM25 in bytes: octet_length reads a stored value's header, where the
    # tsvector's number of words would mean reading it once more per row.
    size = func.octet_length(Row.title) + func.octet_length(Row.body)
    part_shares = [shares.part_share(part) for part in parts] if shares is not None else [0.0] * len(parts)
    every_share = math.prod(part_shares)
    any_share = 1.0 - math.prod(1.0 - s for s in part_shares)

    def scan(all_words: bool, *extra):
        # Words side by side have every part (each part holds its word): only those rows are tested for it.
        side_by_side, every = (near, true()) if all_words else (false(), false())
        return (select(Row.doc_id, Row.kind, Row.created_at, side_by_side.label("side_by_side"),
                       every.label("all_words"), *[rank.label(f"part{i}") for i, rank in enumerate(per_part)],
                       size.label("size"), _stale(Row).label("stale"))
                .where(*where, *extra))

    def pages(share: float):
        return shares.pages_for(share, COUNT_CAP + 1) if shares is not None else None

    first = _matches(scan(True), every_q, pages(every_share), "first_in_order").cte("first")
    found = select(first)
    if len(parts) > 1:
        few = select(func.count()).select_from(first).scalar_subquery() <= COUNT_CAP  # a one-time filter
        rest = scan(False, few, Row.doc_id.not_in(select(first.c.doc_id)))
        found = union_all(found, _matches(rest, any_q, pages(any_share - every_share), "rest_in_order"))
    found = found.subquery()
    statement = (select(found.c.doc_id, found.c.kind, found.c.side_by_side, found.c.all_words, found.c.stale)
                 .order_by(found.c.side_by_side.desc(), found.c.all_words.desc(), _bm25(len(parts)).desc(),
                           found.c.created_at.desc()))
    return db.session.connection().execute(statement).all()  # Core: no ORM work per row


class _Tid(UserDefinedType):
    """PostgreSQL's row position type (page, item), for a range of the table."""

    cache_ok = True

    def get_col_spec(self, **kw):
        return "tid"


def _matches(scan, query, pages: int | None, name: str):
    """The first COUNT_CAP + 1 rows of `scan` matching `query`, in the table's order.

    By default from the GIN index (a bitmap of every matching row, read in table order). With
    `pages` (the query's words are common: see postgres_words), the table's first `pages` pages are
    read in order instead, stopping at the cap: the same rows, without the bitmap. ts_match_vq is
    `@@` in a form the index cannot answer, so PostgreSQL reads the range; if the range holds fewer
    matches than the cap, the index answers after all (a one-time filter: only one of the two runs).
    """
    if pages is None:
        return scan.where(TSV.op("@@")(query)).limit(COUNT_CAP + 1)
    end = cast(bindparam("end_" + name, f"({pages},0)", type_=String), _Tid())
    in_order = (scan.where(func.ts_match_vq(TSV, select(query).scalar_subquery()), CTID < end)
                .limit(COUNT_CAP + 1).cte(name))
    enough = select(func.count()).select_from(in_order).scalar_subquery() > COUNT_CAP
    by_index = scan.where(~enough, TSV.op("@@")(query)).limit(COUNT_CAP + 1)
    return union_all(select(in_order).where(enough), by_index)


@lru_cache(maxsize=32)
def _bm25(count: int):
    """BM25 over the rows' columns part0, part1 ... (each part's ts_rank_cd) and size (bytes of text).

    Each part's term frequency (title occurrences weighing TITLE_BOOST) saturates (BM25_K1) and is
    tempered by the document's length against the average of the matches (BM25_B); then it is
    weighed by the part's inverse document frequency, counted over the rows this reader may see that
    the statement matched (every permitted document with any part, unless the any-part scan was
    capped), so a rare word counts for more than a common one. Made once for each number of parts.
    """
    k1, b = hybrid.BM25_K1, hybrid.BM25_B
    size = cast(literal_column("size"), Float)
    length = (1.0 - b) + b * size / func.avg(size, type_=Float).over()  # float: numeric arithmetic is slow
    matched = cast(func.count().over(), Float)
    total = None
    for i in range(count):
        rank = literal_column(f"part{i}")
        frequency = rank * hybrid.TITLE_BOOST
        score = frequency * (k1 + 1) / (frequency + k1 * length)
        if count > 1:
            found = cast(func.count().filter(rank > ABSENT).over(), Float)
            score = func.ln(1.0 + (matched - found + 0.5) / (found + 0.5)) * score
        total = score if total is None else total + score
    return total


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


def ranked(conditions, text: str, kind: str | None = None, app=None, reader=None, signs=None, shares=None):
    """(fused doc ids best first, {doc_id: kind} of every match, ids with every word, out-of-date ids) for a query."""
    parts = hybrid.query_parts(text)
    if shares is not None and parts:
        shares.refresh()
    rows = lexical(conditions, parts, text, kind, shares)
    near_rows = neighbours(conditions, text, kind, app, reader, signs)
    # One pass over plain tuples: a SQLAlchemy Row's attributes cost about a microsecond each, per row.
    order, kinds, stale, every, near = [], {}, set(), set(), set()
    for doc_id, kind_, side_by_side, all_words, old in rows:
        order.append(doc_id)
        kinds[doc_id] = kind_
        if old:
            stale.add(doc_id)
        if all_words:
            every.add(doc_id)
            if side_by_side:
                near.add(doc_id)
    for doc_id, kind_, old in near_rows:
        kinds.setdefault(doc_id, kind_)
        if old:
            stale.add(doc_id)
    fused = hybrid.fuse(order, [d for d, _, _ in near_rows], every, near)
    return fused, kinds, every, stale
