"""The shared backend: PostgreSQL full-text search over the search_document table.

For deployments with several app servers (a local Whoosh index cannot be shared). The table's
generated ``tsv`` column (title weight A, body weight B) has a GIN index; queries use
phraseto_tsquery, ts_rank (weighed as in BM25, see postgres_ranking) and ts_headline. Counts are capped
per type (COUNT_CAP).
"""
from __future__ import annotations

import difflib
import time
from contextlib import contextmanager
from functools import lru_cache

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import Text, any_, cast, delete, func, insert, literal_column, select, text

from champions.extensions import db
from champions.search import embeddings, hybrid
from champions.search import postgres_ranking as ranking
from champions.search.common import COUNT_CAP, Hit, clean_text, document_version, split_query
from champions.search.models import CHANGE_DDL, STORAGE_DDL, TSV_DDL, SearchDocumentRow as Row
from champions.search.postgres_meaning import SignCache
from champions.search.postgres_words import WordShares
from champions.search.types import VISIBILITY_LEVELS

TSV = literal_column("search_document.tsv")
# Markers that cannot occur in indexed text (control characters are stripped when indexing).
START, STOP = "\x01", "\x02"
HEADLINE = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \""
VOCABULARY_SECONDS = 600
# Relevance ranks at most the first COUNT_CAP + 1 matches (ranking every match of a common word
# is the slow part): the same rows that are counted, from one index scan.
# Set (transaction-local) around search statements; see PostgresEngine._planner. The search statements
# are prepared (psycopg prepares a statement it has run a few times) and their plan hardly depends on the
# words, so the generic plan is used: without it PostgreSQL plans the long ranking statement again for
# every search (several milliseconds).
PLANNER = {"jit": "off", "enable_seqscan": "off", "work_mem": "16MB", "plan_cache_mode": "force_generic_plan"}
_PLANNER_SET = "SELECT " + ", ".join(
    [f"current_setting('{n}')" for n in PLANNER] + [f"set_config('{n}', '{v}', true)" for n, v in PLANNER.items()])
_PLANNER_RESTORE = "SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in PLANNER)


@lru_cache(maxsize=64)
def _hits_statement(shape: tuple[int, ...]):
    """Hits for the ids bound as `ids`, with snippets marked for the words of a query of this shape (see
    postgres_ranking.part_queries), or the text's start for a query with no words."""
    _, any_q = ranking.tsqueries(shape)
    snippet = func.ts_headline("english", Row.body, any_q, HEADLINE) if any_q is not None else func.left(Row.body, 220)
    return select(Row.doc_id, Row.kind, Row.title, Row.url, Row.created_at, Row.author_name,
                  snippet.label("snippet")).where(Row.doc_id == any_(ranking.IDS))


def _rows(source_docs) -> list[dict]:
    """Rows for (source, document) pairs, with their embeddings."""
    pairs = list(source_docs)
    vectors = embeddings.embed_documents([(clean_text(d.title), clean_text(d.body)) for _, d in pairs])
    return [_row(source, doc, vector) for (source, doc), vector in zip(pairs, vectors)]


def _row(source: str, doc, vector: bytes | None = None) -> dict:
    return {
        "doc_id": doc.doc_id, "source": source, "version": document_version(doc), "kind": doc.kind,
        "title": clean_text(doc.title), "body": clean_text(doc.body), "url": doc.url,
        "visibility": doc.visibility, "owner_id": doc.owner_id, "access_group": doc.group,
        "tags": "," + ",".join(doc.index_tags()) + "," if doc.index_tags() else "",
        "created_at": doc.created_at, "author_name": doc.author_name or "",
        "embedding": vector, "embedding_sign": embeddings.sign_bits(vector),
    }


class PostgresBatch:
    """Index changes in the current database transaction."""

    def purge(self) -> None:
        """Nothing to merge: a deleted row is gone from every query, and (auto)vacuum reclaims its space."""

    def replace(self, source: str, docs) -> None:
        """Drop the source's old rows and insert its current documents."""
        db.session.execute(delete(Row).where(Row.source == source))
        rows = _rows((source, doc) for doc in docs)
        if rows:
            db.session.execute(delete(Row).where(Row.doc_id.in_([r["doc_id"] for r in rows])))
            db.session.execute(insert(Row), rows)


class PostgresEngine:
    """Search rows in PostgreSQL; writes happen in the caller's transaction."""

    def __init__(self, app):
        self.app = app
        # Per set of visibility levels: (when read, words). "Did you mean" draws only on what the reader may see.
        self._vocabulary: dict[tuple[str, ...], tuple[float, list[str]]] = {}
        self.signs = SignCache()  # every document's sign bits and permission fields, for search by meaning
        self.shares = WordShares()  # how common the most common words are, for how to find their matches

    @contextmanager
    def batch(self):
        """Changes made in the session; the caller commits (with the job deletions)."""
        yield PostgresBatch()
        db.session.flush()

    def replace_sources(self, batch: dict) -> None:
        """Replace every document of each source, and commit."""
        work = PostgresBatch()
        for source, docs in batch.items():
            work.replace(source, docs)
        db.session.commit()

    def remove(self, doc_ids: list[str], prefix: str | None) -> None:
        """Delete rows by id or id prefix, and commit."""
        if doc_ids:
            db.session.execute(delete(Row).where(Row.doc_id.in_(doc_ids)))
        if prefix:
            db.session.execute(delete(Row).where(Row.doc_id.startswith(prefix, autoescape=True)))
        db.session.commit()

    def exists(self) -> bool:
        return db.session.execute(select(Row.doc_id).limit(1)).first() is not None

    @staticmethod
    def _missing_ddl() -> list[str]:
        """The TSV_DDL statements whose column or index is not in the database yet, STORAGE_DDL if the tsvector
        and embedding are not kept in the row, and CHANGE_DDL without its triggers."""
        found = db.session.execute(text(
            "SELECT (SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'search_document' AND column_name = 'tsv'), to_regclass('ix_search_document_tsv'), "
            "(SELECT count(*) FROM pg_trigger WHERE tgname = 'search_document_change_seq'), "
            "(SELECT count(*) = 2 FROM pg_attribute WHERE attrelid = to_regclass('search_document') "
            "AND attname IN ('tsv', 'embedding') AND attstorage = 'm')"
        )).one()
        missing = [statement for statement, there in zip(TSV_DDL, found) if not there]
        storage = [STORAGE_DDL] if not found[len(TSV_DDL) + 1] else []
        return missing + storage + (list(CHANGE_DDL) if not found[len(TSV_DDL)] else [])

    def layout_problem(self) -> str | None:
        """Why the search table cannot be used as it is (no tsv column or GIN index, no rows), or None."""
        try:
            missing = self._missing_ddl()
            empty = not self.exists()
        except Exception as exc:  # e.g. the table itself is missing
            db.session.rollback()
            return f"cannot be read ({exc.__class__.__name__})"
        if missing:
            return "has an older layout (the tsv column, its GIN index or the change feed is missing)"
        return "does not exist" if empty else None

    def rebuild(self, documents) -> int:
        """Replace every row in one transaction: readers see the old rows until it commits."""
        for statement in self._missing_ddl():
            db.session.execute(text(statement))
        db.session.execute(text("LOCK TABLE search_document IN EXCLUSIVE MODE"))
        db.session.execute(delete(Row))
        count, chunk = 0, []
        for pair in documents:
            chunk.append(pair)
            if len(chunk) >= 1000:
                db.session.execute(insert(Row), _rows(chunk))
                count, chunk = count + len(chunk), []
        if chunk:
            db.session.execute(insert(Row), _rows(chunk))
            count += len(chunk)
        db.session.commit()
        self._tidy()
        return count

    @staticmethod
    def _tidy() -> None:
        """After a rebuild: VACUUM ANALYZE the table (outside any transaction).

        A rebuild deletes every old row, and until they are vacuumed each query visits them too
        (about twice as slow); bulk-inserted rows also wait in the GIN index's "pending list",
        which every query scans linearly. Autovacuum would get there, later.
        """
        try:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM (ANALYZE) search_document"))
        except Exception:  # e.g. not the table's owner: autovacuum will do it later
            current_app.logger.warning("Could not vacuum search_document after a rebuild", exc_info=True)

    def stored_versions(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (source, version) for every row."""
        return {d: (s, v) for d, s, v in db.session.execute(select(Row.doc_id, Row.source, Row.version))}

    # --- querying ----------------------------------------------------------------------
    @staticmethod
    def _tsquery(text_: str, any_words: bool = False):
        query = func.websearch_to_tsquery("english", text_)
        if any_words:
            query = func.to_tsquery("simple", func.replace(cast(query, Text), " & ", " | "))
        return query

    @contextmanager
    def _planner(self):
        """Planner settings for search statements, restored afterwards (same transaction).

        A LIMITed full-text query tempts the planner into a sequential scan that de-TOASTs every
        row's tsvector; the GIN index is cheaper here (a range of the table read in order is asked for
        explicitly, by row position, when the words are common: see postgres_ranking._matches). JIT only
        adds start-up time.
        """
        connection = db.session.connection()
        old = tuple(connection.exec_driver_sql(_PLANNER_SET).one())[:len(PLANNER)]
        try:
            yield
        finally:
            connection.exec_driver_sql(_PLANNER_RESTORE, old)

    def search(self, results, levels, owner_id, kinds, tag, sort, groups=()):
        """Fill `results` with one page of what the user may see (permissions in every statement's WHERE).

        Lexical ranks over any of the words (every word first) fused with the nearest in meaning (RRF);
        counts are of the union of both (capped: "1,000+").
        """
        reader = ranking.Reader.of(levels, owner_id, groups, tag)
        with self._planner():
            fused, found_kinds, every, stale = ranking.ranked(reader, results.text, app=self.app, signs=self.signs,
                                                              shares=self.shares)
        counts: dict[str, int] = {}
        for kind in found_kinds.values():
            counts[kind] = counts.get(kind, 0) + 1
        self._set_counts(results, counts, kinds)
        results.any_words = not every and bool(found_kinds) and len(split_query(results.text)[1]) > 1
        if kinds:
            fused = [d for d in fused if found_kinds.get(d) in kinds]
        if results.total and sort != "newest":
            fused = hybrid.current_first(fused, stale)
        if results.total:
            if sort == "newest":
                self._newest(results, reader, fused, kinds)
            else:
                start = (results.page - 1) * results.per_page
                self._fill(results, fused[start:start + results.per_page])
        if len(every) < 3:
            results.suggestion = self._suggest(results.text, reader, levels)
        return results

    def _fill(self, results, doc_ids: list[str]) -> None:
        """Hits for these ids, in this order, with snippets marked for the query's words."""
        if not doc_ids:
            results.hits = []
            return
        parts = hybrid.query_parts(results.text)
        rows = db.session.connection().execute(
            _hits_statement(ranking.part_shape(parts)), ranking.part_params(parts) | {"ids": doc_ids}).all()
        by_id = {row.doc_id: row for row in rows}
        results.hits = [self._hit(by_id[d]) for d in doc_ids if d in by_id]

    def _newest(self, results, reader, fused, kinds) -> None:
        """One page of the matches, newest first."""
        start = (results.page - 1) * results.per_page
        where = [*ranking.permitted(reader.shape), Row.doc_id == any_(ranking.IDS)]
        ids = db.session.scalars(select(Row.doc_id).where(*where).order_by(Row.created_at.desc(), Row.doc_id)
                                 .limit(results.per_page).offset(start), reader.params() | {"ids": fused}).all()
        self._fill(results, list(ids))

    @staticmethod
    def _set_counts(results, counts: dict, kinds) -> None:
        capped = sum(counts.values()) > COUNT_CAP
        counts = {k: min(n, COUNT_CAP) for k, n in counts.items()}
        chosen = [k for k in counts if not kinds or k in kinds]
        results.counts = counts
        results.counts_capped = {k: capped for k in counts}
        results.total = min(COUNT_CAP, sum(counts[k] for k in chosen))
        results.total_is_estimate = capped

    @staticmethod
    def _hit(row) -> Hit:
        snippet = str(escape(row.snippet or "")).replace(START, "<mark>").replace(STOP, "</mark>")
        created = row.created_at
        if created is not None and created.tzinfo is None:
            from datetime import timezone
            created = created.replace(tzinfo=timezone.utc)
        return Hit(doc_id=row.doc_id, kind=row.kind, title=row.title, url=row.url, snippet=Markup(snippet),
                   created_at=created, author_name=row.author_name)

    def _words(self, levels) -> list[str]:
        """Words of the newest 5,000 documents at these levels, cached for ten minutes (for "did you mean")."""
        key = tuple(sorted(level for level in levels if level in VISIBILITY_LEVELS))
        stamp, words = self._vocabulary.get(key, (None, []))
        if stamp is None or time.monotonic() - stamp > VOCABULARY_SECONDS:
            # ts_stat takes its query as text: the levels are checked against the fixed list above.
            quoted = ", ".join(f"'{level}'" for level in key) or "''"
            sql = text("SELECT word FROM ts_stat($$SELECT to_tsvector('simple', title || ' ' || body) "
                       f"FROM search_document WHERE visibility IN ({quoted}) "
                       "ORDER BY created_at DESC LIMIT 5000$$) WHERE length(word) > 2")
            words = [w for (w,) in db.session.execute(sql)]
            self._vocabulary[key] = (time.monotonic(), words)
        return words

    def _suggest(self, text_: str, reader, levels) -> str | None:
        """A corrected query, offered only when it finds something this user may see.

        Known words and candidate spellings come only from what the reader may see: a word that is only
        in content hidden from them is treated like any unknown word (no hint that it exists).
        """
        phrases, words = split_query(text_)
        if phrases or not words:
            return None
        fixed, changed = [], False
        untagged = reader.without_tag()
        for word in words:
            lowered = word.lower()
            known = db.session.execute(select(Row.doc_id).where(
                *ranking.permitted(untagged.shape), TSV.op("@@")(func.plainto_tsquery("english", lowered))).limit(1),
                untagged.params()).first()
            guess = None
            if not known and lowered.isalpha():
                guess = next(iter(difflib.get_close_matches(lowered, self._words(levels), n=1, cutoff=0.75)), None)
            fixed.append(guess or word)
            changed = changed or bool(guess)
        if not changed:
            return None
        suggestion = " ".join(fixed)
        found = db.session.execute(select(Row.doc_id).where(
            *ranking.permitted(reader.shape), TSV.op("@@")(self._tsquery(suggestion))).limit(1), reader.params()).first()
        return suggestion if found else None

    def similar(self, text_, levels, owner_id, kind, limit, groups=()):
        """Documents of `kind` like `text_` in words or meaning, best first."""
        from champions.search.common import Results

        with self._planner():
            fused, _, _, _ = ranking.ranked(ranking.Reader.of(levels, owner_id, groups), text_, kind=kind, app=self.app,
                                            signs=self.signs, shares=self.shares)
        results = Results(text=text_, per_page=limit)
        self._fill(results, fused[:limit])
        return results.hits
