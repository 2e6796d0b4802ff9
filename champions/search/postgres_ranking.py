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
from dataclasses import dataclass
from functools import lru_cache, reduce

import numpy as np
from sqlalchemy import Float, Integer, String, any_, bindparam, cast, false, func, literal_column, or_, select, true, union_all
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


# The statements are built once for each shape of query (how many parts, alternatives and permission terms)
# and the words and the reader's permissions are bound parameters: building a statement cost a search about
# as much Python time as reading its rows, and the same text lets psycopg prepare it once per connection.
READER_LEVELS = bindparam("reader_levels", type_=ARRAY(String))
READER_OWNER = bindparam("reader_owner", type_=Integer)
READER_GROUPS = bindparam("reader_groups", type_=ARRAY(String))
READER_TAG = bindparam("reader_tag", type_=String)
KIND = bindparam("kind", type_=String)
IDS = bindparam("ids", type_=ARRAY(String))


@dataclass(frozen=True)
class Reader:
    """Whose search: the visibility levels they may read, their own documents (owner_id), their groups, and the
    tag asked for (or None)."""

    levels: tuple[str, ...]
    owner_id: int | None = None
    groups: tuple[str, ...] = ()
    tag: str | None = None

    @classmethod
    def of(cls, levels, owner_id, groups=(), tag=None) -> "Reader":
        return cls(tuple(sorted(levels)), owner_id, tuple(sorted(groups)), tag or None)

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return self.owner_id is not None, bool(self.groups), bool(self.tag)

    def params(self) -> dict:
        """The bound values of permitted(self.shape)."""
        values: dict = {"reader_levels": list(self.levels)}
        if self.owner_id is not None:
            values["reader_owner"] = self.owner_id
        if self.groups:
            values["reader_groups"] = list(self.groups)
        if self.tag:
            values["reader_tag"] = f",{self.tag.lower()},"  # found by strpos: no LIKE pattern to escape
        return values

    def without_tag(self) -> "Reader":
        return Reader(self.levels, self.owner_id, self.groups, None)


@lru_cache(maxsize=16)
def permitted(shape: tuple[bool, bool, bool]) -> tuple:
    """The WHERE conditions for what a reader of this shape may find (values bound by Reader.params): any of their
    visibility levels, or their own documents, or one of their groups; and the tag, when one is asked for."""
    has_owner, has_groups, has_tag = shape
    allowed = Row.visibility == any_(READER_LEVELS)
    if has_owner:
        allowed = or_(allowed, Row.owner_id == READER_OWNER)
    if has_groups:
        allowed = or_(allowed, Row.access_group == any_(READER_GROUPS))
    return (allowed, func.strpos(Row.tags, READER_TAG) > 0) if has_tag else (allowed,)


def part_shape(parts) -> tuple[int, ...]:
    """How many alternatives each part has: with the number of parts, what a statement's text depends on."""
    return tuple(len(part) for part in parts)


def part_params(parts) -> dict:
    """The bound words of part_queries(part_shape(parts))."""
    return {f"words_{i}_{j}": " ".join(alt) for i, part in enumerate(parts) for j, alt in enumerate(part)}


def part_queries(shape: tuple[int, ...]):
    """One tsquery expression per part: its alternatives (bound as words_<part>_<alternative>) joined with OR."""
    return [reduce(lambda a, b: a.op("||")(b),
                   [func.phraseto_tsquery("english", bindparam(f"words_{i}_{j}", type_=String)) for j in range(n)])
            for i, n in enumerate(shape)]


def tsqueries(shape: tuple[int, ...]):
    """(every part, any part) as tsquery expressions; each part's alternatives joined with OR."""
    return _every_and_any(part_queries(shape)) if shape else (None, None)


def _every_and_any(exprs):
    every = reduce(lambda a, b: a.op("&&")(b), exprs)
    anyone = reduce(lambda a, b: a.op("||")(b), exprs)
    return every, anyone


def lexical(reader: Reader, parts, text: str, kind: str | None = None, shares=None):
    """Rows (doc_id, kind, side_by_side, all_words, stale) best first, from at most 2 x (COUNT_CAP + 1) matches.

    The first COUNT_CAP + 1 permitted documents with every part, then (only for a query of several
    parts, and only when fewer than that have every part: otherwise they would all rank past the
    capped count) up to COUNT_CAP + 1 more with any part. Each row is ranked in the scan that finds it
    (a tsvector is read once per expression, so none is computed that the answer already gives); the
    tsvector is kept in the row itself (models.STORAGE_DDL), so each read is of the page already in hand,
    not of the TOAST table. The rank is BM25, as on Whoosh (see _bm25). `shares` (postgres_words.WordShares)
    says how common the query's words are, to find the first matches of a common word in table order
    (see _matches).
    """
    if not parts:
        return []
    words = split_query(text)[1]
    near = 2 <= len(words) <= 4
    part_shares = [shares.part_share(part) for part in parts] if shares is not None else [0.0] * len(parts)
    every_share = math.prod(part_shares)
    any_share = 1.0 - math.prod(1.0 - s for s in part_shares)

    def pages(share: float):
        return shares.pages_for(share, COUNT_CAP + 1) if shares is not None else None

    first_pages = pages(every_share)
    rest_pages = pages(any_share - every_share) if len(parts) > 1 else None
    statement = _lexical_statement(reader.shape, kind is not None, part_shape(parts), near, first_pages is not None,
                                   rest_pages is not None, COUNT_CAP)
    params = reader.params() | part_params(parts)
    if near:
        params["near_words"] = " ".join(words)
    if kind:
        params["kind"] = kind
    for name, value in (("first_in_order", first_pages), ("rest_in_order", rest_pages)):
        if value is not None:
            params["end_" + name] = f"({value},0)"
    return db.session.connection().execute(statement, params).all()  # Core: no ORM work per row


@lru_cache(maxsize=256)
def _lexical_statement(reader_shape, has_kind: bool, shape: tuple[int, ...], near_words: bool, first_in_order: bool,
                       rest_in_order: bool, cap: int):
    """The ranking statement for one shape of query (see lexical); `cap` is COUNT_CAP, which tests change."""
    exprs = part_queries(shape)
    every_q, any_q = _every_and_any(exprs)
    where = list(permitted(reader_shape)) + ([Row.kind == KIND] if has_kind else [])
    # An empty phrase would make PostgreSQL send a notice for every row ("only stop words"): plain false instead.
    # Each tsquery is made once per statement (an InitPlan), not once per row.
    near = (TSV.op("@@")(select(func.phraseto_tsquery("english", bindparam("near_words", type_=String)))
                         .scalar_subquery()) if near_words else false())
    per_part = [func.ts_rank_cd(WEIGHTS, TSV, select(q).scalar_subquery()) for q in exprs]
    # The document's length for BM25 in bytes: octet_length reads a stored value's header, where the
    # tsvector's number of words would mean reading it once more per row.
    size = func.octet_length(Row.title) + func.octet_length(Row.body)

    def scan(all_words: bool, *extra):
        # Words side by side have every part (each part holds its word): only those rows are tested for it.
        side_by_side, every = (near, true()) if all_words else (false(), false())
        return (select(Row.doc_id, Row.kind, Row.created_at, side_by_side.label("side_by_side"),
                       every.label("all_words"), *[rank.label(f"part{i}") for i, rank in enumerate(per_part)],
                       size.label("size"), _stale(Row).label("stale"))
                .where(*where, *extra))

    first = _matches(scan(True), every_q, first_in_order, "first_in_order", cap).cte("first")
    found = select(first)
    if len(shape) > 1:
        few = select(func.count()).select_from(first).scalar_subquery() <= cap  # a one-time filter
        rest = scan(False, few, Row.doc_id.not_in(select(first.c.doc_id)))
        found = union_all(found, _matches(rest, any_q, rest_in_order, "rest_in_order", cap))
    found = found.subquery()
    return (select(found.c.doc_id, found.c.kind, found.c.side_by_side, found.c.all_words, found.c.stale)
            .order_by(found.c.side_by_side.desc(), found.c.all_words.desc(), _bm25(len(shape)).desc(),
                      found.c.created_at.desc()))


class _Tid(UserDefinedType):
    """PostgreSQL's row position type (page, item), for a range of the table."""

    cache_ok = True

    def get_col_spec(self, **kw):
        return "tid"


def _matches(scan, query, in_order: bool, name: str, cap: int):
    """The first cap + 1 rows of `scan` matching `query`, in the table's order.

    By default from the GIN index (a bitmap of every matching row, read in table order). `in_order`
    (the query's words are common: see postgres_words): the table's first pages, up to the row position
    bound as end_<name>, are read in order instead, stopping at the cap: the same rows, without the
    bitmap. ts_match_vq is `@@` in a form the index cannot answer, so PostgreSQL reads the range; if the
    range holds fewer matches than the cap, the index answers after all (a one-time filter: only one of
    the two runs).
    """
    if not in_order:
        return scan.where(TSV.op("@@")(query)).limit(cap + 1)
    end = cast(bindparam("end_" + name, type_=String), _Tid())
    in_order_rows = (scan.where(func.ts_match_vq(TSV, select(query).scalar_subquery()), CTID < end)
                     .limit(cap + 1).cte(name))
    enough = select(func.count()).select_from(in_order_rows).scalar_subquery() > cap
    by_index = scan.where(~enough, TSV.op("@@")(query)).limit(cap + 1)
    return union_all(select(in_order_rows).where(enough), by_index)


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


def neighbours(reader: Reader, text: str, kind: str | None = None, app=None, signs=None):
    """[(doc_id, kind, stale)] of permitted documents nearest in meaning, nearest first ([] without a model).

    The reader's nearest SIGN_CANDIDATES permitted documents by sign bits, from the process's copy of
    them (`signs`), are re-read here with the reader's permission condition and re-ranked by cosine
    similarity of their float16 vectors.
    """
    if not hybrid.wants_meaning(text):
        return []
    vector = embeddings.embed_query(hybrid.embedding_text(text, hybrid.query_parts(text)), app)
    if vector is None:
        return []
    signs.refresh()
    order = signs.nearest(np.packbits(vector > 0).tobytes(), reader.levels, reader.owner_id, reader.groups, kind,
                          reader.tag, SIGN_CANDIDATES)
    if not order:
        return []
    params = reader.params() | {"ids": order} | ({"kind": kind} if kind else {})
    found = db.session.connection().execute(_candidates_statement(reader.shape, kind is not None), params).all()
    by_id = {r.doc_id: r for r in found}
    rows = [by_id[d] for d in order if d in by_id]
    if not rows:
        return []
    scores = embeddings.matrix([r.embedding for r in rows]) @ vector
    ranked_ = np.argsort(-scores, kind="stable")
    return [(rows[i].doc_id, rows[i].kind, rows[i].stale) for i in ranked_.tolist()
            if scores[i] >= hybrid.SEMANTIC_MIN][:hybrid.SEMANTIC_DEPTH]


@lru_cache(maxsize=32)
def _candidates_statement(reader_shape, has_kind: bool):
    """The candidates nearest in meaning (bound as ids), with the reader's permission condition again."""
    where = list(permitted(reader_shape)) + ([Row.kind == KIND] if has_kind else [])
    return select(Row.doc_id, Row.kind, Row.embedding, _stale(Row).label("stale")).where(Row.doc_id == any_(IDS), *where)


def ranked(reader: Reader, text: str, kind: str | None = None, app=None, signs=None, shares=None):
    """(fused doc ids best first, {doc_id: kind} of every match, ids with every word, out-of-date ids) for a query."""
    parts = hybrid.query_parts(text)
    if shares is not None and parts:
        shares.refresh()
    rows = lexical(reader, parts, text, kind, shares)
    near_rows = neighbours(reader, text, kind, app, signs)
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
