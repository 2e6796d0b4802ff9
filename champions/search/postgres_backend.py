"""The shared backend: PostgreSQL full-text search over the search_document table.

For deployments with several app servers (a local Whoosh index cannot be shared). The table's
generated ``tsv`` column (title weight A, body weight B) has a GIN index; queries use
websearch_to_tsquery, ts_rank_cd and ts_headline. Counts are capped per type (COUNT_CAP).
"""
from __future__ import annotations

import difflib
import time
from contextlib import contextmanager

from markupsafe import Markup, escape
from sqlalchemy import Text, cast, delete, func, insert, literal, literal_column, or_, select, text, union_all

from champions.extensions import db
from champions.search.index import COUNT_CAP, Hit, clean_text, document_version, split_query
from champions.search.models import SearchDocumentRow as Row
from champions.search.types import registered_types

TSV = literal_column("search_document.tsv")
# Markers that cannot occur in indexed text (control characters are stripped when indexing).
START, STOP = "\x01", "\x02"
HEADLINE = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \""
VOCABULARY_SECONDS = 600
# Relevance ranks at most this many matches (ranking every match of a common word is the slow part).
RANK_CANDIDATES = 1000


def _row(source: str, doc) -> dict:
    return {
        "doc_id": doc.doc_id, "source": source, "version": document_version(doc), "kind": doc.kind,
        "title": clean_text(doc.title), "body": clean_text(doc.body), "url": doc.url,
        "visibility": doc.visibility, "owner_id": doc.owner_id,
        "tags": "," + ",".join(t.lower() for t in doc.tags) + "," if doc.tags else "",
        "created_at": doc.created_at, "author_name": doc.author_name or "",
    }


class PostgresBatch:
    """Index changes in the current database transaction."""

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
        self._vocabulary: tuple[float, list[str]] = (0.0, [])

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

    def rebuild(self, documents) -> int:
        """Replace every row in one transaction: readers see the old rows until it commits."""
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
        return count

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
    def _allowed(levels, owner_id):
        allowed = Row.visibility.in_(levels)
        return or_(allowed, Row.owner_id == owner_id) if owner_id is not None else allowed

    def search(self, results, levels, owner_id, kinds, tag, sort):
        """Fill `results` with one page of what the user may see (permissions in the WHERE clause)."""
        conditions = [self._allowed(levels, owner_id)]
        if tag:
            conditions.append(Row.tags.contains(f",{tag.lower()},", autoescape=True))
        tsq = self._tsquery(results.text)
        self._count(results, conditions + [TSV.op("@@")(tsq)], kinds)
        if results.total == 0 and len(split_query(results.text)[1]) > 1:
            results.any_words = True
            tsq = self._tsquery(results.text, any_words=True)
            self._count(results, conditions + [TSV.op("@@")(tsq)], kinds)
        where = conditions + [TSV.op("@@")(tsq)] + ([Row.kind.in_(kinds)] if kinds else [])
        if results.total:
            self._page(results, where, tsq, sort)
        if sum(results.counts.values()) < 3:
            results.suggestion = self._suggest(results.text, conditions)
        return results

    def _count(self, results, where, kinds) -> None:
        """Matches per type, each capped at COUNT_CAP + 1 rows, in one round trip."""
        counts, capped = {}, {}
        per_kind = [
            select(literal(kind).label("kind"), select(func.count()).select_from(
                select(Row.doc_id).where(*where, Row.kind == kind).limit(COUNT_CAP + 1).subquery()
            ).scalar_subquery().label("number"))
            for kind in sorted(registered_types())
        ]
        if per_kind:
            for kind, number in db.session.execute(union_all(*per_kind)):
                if number:
                    counts[kind], capped[kind] = min(number, COUNT_CAP), number > COUNT_CAP
        chosen = [k for k in counts if not kinds or k in kinds]
        results.counts, results.counts_capped = counts, capped
        results.total = sum(counts[k] for k in chosen)
        results.total_is_estimate = any(capped[k] for k in chosen)

    def _page(self, results, where, tsq, sort) -> None:
        """One page; relevance ranks (ts_rank_cd) only the first RANK_CANDIDATES matches."""
        columns = (Row.doc_id, Row.kind, Row.title, Row.url, Row.created_at, Row.author_name, Row.body)
        offset = (results.page - 1) * results.per_page
        if sort == "newest":
            page = select(*columns).where(*where).order_by(Row.created_at.desc())
        else:
            depth = max(RANK_CANDIDATES, offset + results.per_page)
            candidates = select(*columns, TSV.label("tsv")).where(*where).limit(depth).subquery()
            page = select(*(candidates.c[c.key] for c in columns)).order_by(
                func.ts_rank_cd(candidates.c.tsv, tsq).desc(), candidates.c.created_at.desc())
        page = page.limit(results.per_page).offset(offset).subquery()
        headline = func.ts_headline("english", page.c.body, tsq, HEADLINE)
        rows = db.session.execute(select(page, headline.label("snippet")))
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

    def _words(self) -> list[str]:
        """Words of the newest 5,000 documents, cached for ten minutes (for "did you mean")."""
        stamp, words = self._vocabulary
        if time.monotonic() - stamp > VOCABULARY_SECONDS:
            sql = text("SELECT word FROM ts_stat($$SELECT to_tsvector('simple', title || ' ' || body) "
                       "FROM search_document ORDER BY created_at DESC LIMIT 5000$$) WHERE length(word) > 2")
            words = [w for (w,) in db.session.execute(sql)]
            self._vocabulary = (time.monotonic(), words)
        return words

    def _suggest(self, text_: str, conditions) -> str | None:
        """A corrected query, offered only when it finds something this user may see."""
        phrases, words = split_query(text_)
        if phrases or not words:
            return None
        fixed, changed = [], False
        for word in words:
            lowered = word.lower()
            known = db.session.execute(select(Row.doc_id).where(
                TSV.op("@@")(func.plainto_tsquery("english", lowered))).limit(1)).first()
            guess = None
            if not known and lowered.isalpha():
                guess = next(iter(difflib.get_close_matches(lowered, self._words(), n=1, cutoff=0.75)), None)
            fixed.append(guess or word)
            changed = changed or bool(guess)
        if not changed:
            return None
        suggestion = " ".join(fixed)
        found = db.session.execute(select(Row.doc_id).where(
            *conditions, TSV.op("@@")(self._tsquery(suggestion))).limit(1)).first()
        return suggestion if found else None

    def similar(self, text_, levels, owner_id, kind, limit):
        """Documents of `kind` sharing words with `text_`, best first."""
        tsq = self._tsquery(text_, any_words=True)
        page = (select(Row.doc_id, Row.kind, Row.title, Row.url, Row.created_at, Row.author_name, Row.body)
                .where(self._allowed(levels, owner_id), Row.kind == kind, TSV.op("@@")(tsq))
                .order_by(func.ts_rank_cd(TSV, tsq).desc()).limit(limit).subquery())
        headline = func.ts_headline("english", page.c.body, tsq, HEADLINE)
        return [self._hit(row) for row in db.session.execute(select(page, headline.label("snippet")))]
