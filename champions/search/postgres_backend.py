"""The shared backend: PostgreSQL full-text search over the search_document table.

For deployments with several app servers (a local Whoosh index cannot be shared). The table's
generated ``tsv`` column (title weight A, body weight B) has a GIN index; queries use
websearch_to_tsquery, ts_rank_cd and ts_headline. Counts are capped per type (COUNT_CAP).
"""
from __future__ import annotations

import difflib
import time
from contextlib import contextmanager

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import String, Text, any_, cast, delete, func, insert, literal_column, or_, select, text
from sqlalchemy.dialects.postgresql import array

from champions.extensions import db
from champions.search.common import COUNT_CAP, Hit, clean_text, document_version, split_query
from champions.search.models import TSV_DDL, SearchDocumentRow as Row
from champions.search.types import VISIBILITY_LEVELS

TSV = literal_column("search_document.tsv")
# Markers that cannot occur in indexed text (control characters are stripped when indexing).
START, STOP = "\x01", "\x02"
HEADLINE = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \""
VOCABULARY_SECONDS = 600
# Relevance ranks at most the first COUNT_CAP + 1 matches (ranking every match of a common word
# is the slow part): the same rows that are counted, from one index scan.
# Set (transaction-local) around search statements; see PostgresEngine._planner.
PLANNER = {"jit": "off", "enable_seqscan": "off", "work_mem": "16MB"}
_PLANNER_SET = "SELECT " + ", ".join(
    [f"current_setting('{n}')" for n in PLANNER] + [f"set_config('{n}', '{v}', true)" for n, v in PLANNER.items()])
_PLANNER_RESTORE = "SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in PLANNER)


def _row(source: str, doc) -> dict:
    return {
        "doc_id": doc.doc_id, "source": source, "version": document_version(doc), "kind": doc.kind,
        "title": clean_text(doc.title), "body": clean_text(doc.body), "url": doc.url,
        "visibility": doc.visibility, "owner_id": doc.owner_id, "access_group": doc.group,
        "tags": "," + ",".join(t.lower() for t in doc.tags) + "," if doc.tags else "",
        "created_at": doc.created_at, "author_name": doc.author_name or "",
    }


class PostgresBatch:
    """Index changes in the current database transaction."""

    def purge(self) -> None:
        """Nothing to merge: a deleted row is gone from every query, and (auto)vacuum reclaims its space."""

    def replace(self, source: str, docs) -> None:
        """Drop the source's old rows and insert its current documents."""
        db.session.execute(delete(Row).where(Row.source == source))
        rows = [_row(source, doc) for doc in docs]
        if rows:
            db.session.execute(delete(Row).where(Row.doc_id.in_([r["doc_id"] for r in rows])))
            db.session.execute(insert(Row), rows)


class PostgresEngine:
    """Search rows in PostgreSQL; writes happen in the caller's transaction."""

    def __init__(self, app):
        # Per set of visibility levels: (when read, words). "Did you mean" draws only on what the reader may see.
        self._vocabulary: dict[tuple[str, ...], tuple[float, list[str]]] = {}

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
        """The TSV_DDL statements whose column or index is not in the database yet."""
        found = db.session.execute(text(
            "SELECT (SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'search_document' AND column_name = 'tsv'), to_regclass('ix_search_document_tsv')"
        )).one()
        return [statement for statement, there in zip(TSV_DDL, found) if not there]

    def layout_problem(self) -> str | None:
        """Why the search table cannot be used as it is (no tsv column or GIN index, no rows), or None."""
        try:
            missing = self._missing_ddl()
            empty = not self.exists()
        except Exception as exc:  # e.g. the table itself is missing
            db.session.rollback()
            return f"cannot be read ({exc.__class__.__name__})"
        if missing:
            return "has an older layout (a tsv column or GIN index is missing)"
        return "does not exist" if empty else None

    def rebuild(self, documents) -> int:
        """Replace every row in one transaction: readers see the old rows until it commits."""
        for statement in self._missing_ddl():
            db.session.execute(text(statement))
        db.session.execute(text("LOCK TABLE search_document IN EXCLUSIVE MODE"))
        db.session.execute(delete(Row))
        count, chunk = 0, []
        for source, doc in documents:
            chunk.append(_row(source, doc))
            if len(chunk) >= 1000:
                db.session.execute(insert(Row), chunk)
                count, chunk = count + len(chunk), []
        if chunk:
            db.session.execute(insert(Row), chunk)
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

    @staticmethod
    def _allowed(levels, owner_id, groups=()):
        allowed = Row.visibility == any_(array(list(levels), type_=String))
        allowed = or_(allowed, Row.owner_id == owner_id) if owner_id is not None else allowed
        return or_(allowed, Row.access_group == any_(array(sorted(groups), type_=String))) if groups else allowed

    @contextmanager
    def _planner(self):
        """Planner settings for search statements, restored afterwards (same transaction).

        A LIMITed full-text query tempts the planner into a sequential scan that de-TOASTs every
        row's tsvector; the GIN index is always cheaper here. JIT only adds start-up time.
        """
        connection = db.session.connection()
        old = tuple(connection.exec_driver_sql(_PLANNER_SET).one())[:len(PLANNER)]
        try:
            yield
        finally:
            connection.exec_driver_sql(_PLANNER_RESTORE, old)

    def search(self, results, levels, owner_id, kinds, tag, sort, groups=()):
        """Fill `results` with one page of what the user may see (permissions in the WHERE clause)."""
        conditions = [self._allowed(levels, owner_id, groups)]
        if tag:
            conditions.append(Row.tags.contains(f",{tag.lower()},", autoescape=True))
        with self._planner():
            self._match(results, conditions, self._tsquery(results.text), kinds, sort)
            found = sum(results.counts.values())
            if not found and len(split_query(results.text)[1]) > 1:
                results.any_words = True
                self._match(results, conditions, self._tsquery(results.text, any_words=True), kinds, sort)
            if not found:
                results.suggestion = self._suggest(results.text, conditions, self._allowed(levels, owner_id, groups), levels)
        return results

    def _match(self, results, conditions, tsq, kinds, sort) -> None:
        """Counts and one page: for relevance, both from one index scan in one statement."""
        where = conditions + [TSV.op("@@")(tsq)]
        if sort == "newest":
            self._count(results, where, kinds)
            if results.total:
                self._page(results, where + ([Row.kind == any_(array(kinds, type_=String))] if kinds else []), tsq, sort)
            return
        offset = (results.page - 1) * results.per_page
        depth = max(COUNT_CAP + 1, offset + results.per_page)
        columns = (Row.doc_id, Row.kind, Row.created_at, TSV.label("tsv"))
        matches = select(*columns).where(*where).limit(depth).cte("m")
        per_kind = select(matches.c.kind, func.count().label("n")).group_by(matches.c.kind).subquery()
        counts = select(func.json_object_agg(per_kind.c.kind, per_kind.c.n)).scalar_subquery()
        # Ranked: the first COUNT_CAP + 1 matches in table order (ranking every match of a common
        # word means reading tens of thousands of tsvectors). See RESULTS-search.md.
        pool = select(matches).where(*([matches.c.kind == any_(array(kinds, type_=String))] if kinds else [])).subquery()
        rank = func.ts_rank_cd(pool.c.tsv, tsq)
        page = (select(pool.c.doc_id, rank.label("rank"))
                .order_by(rank.desc(), pool.c.created_at.desc())
                .limit(results.per_page).offset(offset).subquery())
        headline = func.ts_headline("english", Row.body, tsq, HEADLINE)
        rows = db.session.execute(
            select(counts.label("counts"), Row.doc_id, Row.kind, Row.title, Row.url, Row.created_at,
                   Row.author_name, headline.label("snippet"))
            .select_from(page).join(Row, Row.doc_id == page.c.doc_id)
            .order_by(page.c.rank.desc(), Row.created_at.desc())).all()
        if not rows:  # nothing on this page: the counts still matter (other types, earlier pages)
            self._count(results, where, kinds)
            return
        self._set_counts(results, rows[0].counts or {}, kinds)
        results.hits = [self._hit(row) for row in rows]

    def _count(self, results, where, kinds) -> None:
        """Matches per type from one index scan of at most COUNT_CAP + 1 rows.

        Past the cap every count is a lower bound (shown as "1,000+"): exact counts of a
        common word would visit tens of thousands of rows.
        """
        matches = select(Row.kind).where(*where).limit(COUNT_CAP + 1).subquery()
        counts = dict(db.session.execute(select(matches.c.kind, func.count()).group_by(matches.c.kind)).all())
        self._set_counts(results, counts, kinds)

    @staticmethod
    def _set_counts(results, counts: dict, kinds) -> None:
        capped = sum(counts.values()) > COUNT_CAP
        counts = {k: min(n, COUNT_CAP) for k, n in counts.items()}
        chosen = [k for k in counts if not kinds or k in kinds]
        results.counts = counts
        results.counts_capped = {k: capped for k in counts}
        results.total = min(COUNT_CAP, sum(counts[k] for k in chosen))
        results.total_is_estimate = capped

    def _page(self, results, where, tsq, sort) -> None:
        """One page, newest first (relevance pages come from _match)."""
        columns = (Row.doc_id, Row.kind, Row.title, Row.url, Row.created_at, Row.author_name, Row.body)
        offset = (results.page - 1) * results.per_page
        page = (select(*columns).where(*where).order_by(Row.created_at.desc())
                .limit(results.per_page).offset(offset).subquery())
        headline = func.ts_headline("english", page.c.body, tsq, HEADLINE)
        rows = db.session.execute(select(page, headline.label("snippet")).order_by(page.c.created_at.desc()))
        results.hits = [self._hit(row) for row in rows]

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

    def _suggest(self, text_: str, conditions, allowed, levels) -> str | None:
        """A corrected query, offered only when it finds something this user may see.

        Known words and candidate spellings come only from what the reader may see: a word that is only
        in content hidden from them is treated like any unknown word (no hint that it exists).
        """
        phrases, words = split_query(text_)
        if phrases or not words:
            return None
        fixed, changed = [], False
        for word in words:
            lowered = word.lower()
            known = db.session.execute(select(Row.doc_id).where(
                allowed, TSV.op("@@")(func.plainto_tsquery("english", lowered))).limit(1)).first()
            guess = None
            if not known and lowered.isalpha():
                guess = next(iter(difflib.get_close_matches(lowered, self._words(levels), n=1, cutoff=0.75)), None)
            fixed.append(guess or word)
            changed = changed or bool(guess)
        if not changed:
            return None
        suggestion = " ".join(fixed)
        found = db.session.execute(select(Row.doc_id).where(
            *conditions, TSV.op("@@")(self._tsquery(suggestion))).limit(1)).first()
        return suggestion if found else None

    def similar(self, text_, levels, owner_id, kind, limit, groups=()):
        """Documents of `kind` sharing words with `text_`, best first."""
        tsq = self._tsquery(text_, any_words=True)
        page = (select(Row.doc_id, Row.kind, Row.title, Row.url, Row.created_at, Row.author_name, Row.body)
                .where(self._allowed(levels, owner_id, groups), Row.kind == kind, TSV.op("@@")(tsq))
                .order_by(func.ts_rank_cd(TSV, tsq).desc()).limit(limit).subquery())
        headline = func.ts_headline("english", page.c.body, tsq, HEADLINE)
        return [self._hit(row) for row in db.session.execute(select(page, headline.label("snippet")))]
