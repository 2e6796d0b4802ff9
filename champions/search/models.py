"""Pending index work, written in the same transaction as the change that caused it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DDL, BigInteger, Date, LargeBinary, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class SearchJob(db.Model):
    """'Reindex this object': applied under the index lock after commit, then deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def enqueue(kind: str, object_id: int) -> None:
    """Ask for (kind, id) to be reindexed once the current transaction commits."""
    db.session.add(SearchJob(kind=kind, object_id=object_id))


# Not a content type: "rewrite the index without its deleted documents" (after text was redacted).
PURGE = "purge"


def enqueue_purge() -> None:
    """Ask for deleted documents to leave the index's files, once the work queued before this is applied."""
    db.session.add(SearchJob(kind=PURGE, object_id=0))


class SearchDocumentRow(db.Model):
    """A document in the PostgreSQL backend (SEARCH_BACKEND=postgres); unused with Whoosh.

    On PostgreSQL the table also has a generated ``tsv`` tsvector column (title weighted A,
    body B) with a GIN index, added by the DDL below so create_all still works on SQLite.
    """

    __tablename__ = "search_document"

    doc_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    source: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500))
    visibility: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int | None] = mapped_column(nullable=True)
    access_group: Mapped[str | None] = mapped_column(String(60), nullable=True)
    tags: Mapped[str] = mapped_column(Text, default="")  # ",slug1,slug2," so a tag matches ",slug,"
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    # The document's meaning (champions/search/embeddings.py): 256 float16 values, and their 256 sign bits.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    embedding_sign: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # On PostgreSQL, set from a sequence by a trigger on every insert and update (CHANGE_DDL): each app
    # server's copy of the sign bits (postgres_meaning.py) reads only the rows changed since it last looked.
    change_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)


class SearchDocumentRemoved(db.Model):
    """A document deleted from search_document on PostgreSQL (written by a trigger), so other app servers
    drop it from their copy of the sign bits. One row per document until it is indexed again; a row
    with doc_id RESET_ALL means the table was emptied (TRUNCATE). Unused with Whoosh and on SQLite."""

    __tablename__ = "search_document_removed"

    doc_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


RESET_ALL = ""  # not a document id: "forget every document changed before this"


# The PostgreSQL-only part of search_document; a migration must run these statements
# on PostgreSQL after creating the table (see TSV_DDL). Search by meaning reads each process's copy of
# the sign bits (postgres_meaning.py), so the table needs no column or index for it (migration e1f4b7c9a2d3
# dropped the ones an earlier scan by Hamming distance read).
TSV_DDL = (
    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX ix_search_document_tsv ON search_document USING GIN (tsv)",
)
# Keep each row's tsvector and embedding in the row itself, not in the TOAST table: ranking reads the tsvector
# of every matching row, and search by meaning the embeddings of 200 candidates; a value kept apart costs an
# index lookup and another page for each read. The text (read only for the snippets on a page) moves out
# instead when a row is long. Applies to rows written after it: migration f2a6d8b4c1e5 rewrites the rows there.
STORAGE_DDL = "ALTER TABLE search_document ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN embedding SET STORAGE MAIN"
# The change feed (PostgreSQL only). Every write to search_document first takes one transaction-level
# advisory lock, so writers commit in the order of their change numbers: a reader that has seen number
# N has seen every change numbered below N. Inserts and updates get the next number; a deletion leaves
# a row in search_document_removed (a TRUNCATE leaves RESET_ALL); indexing a document again removes it.
# The sequence is not owned by the table, so TRUNCATE ... RESTART IDENTITY never turns it back.
CHANGE_LOCK = 1507150115
CHANGE_DDL = (
    "CREATE SEQUENCE IF NOT EXISTS search_document_change_seq",
    "CREATE OR REPLACE FUNCTION search_document_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_LEVEL = 'STATEMENT' THEN PERFORM pg_advisory_xact_lock({CHANGE_LOCK}); "
    "IF TG_OP = 'TRUNCATE' THEN INSERT INTO search_document_removed (doc_id, change_seq) "
    "VALUES ('', nextval('search_document_change_seq')) "
    "ON CONFLICT (doc_id) DO UPDATE SET change_seq = EXCLUDED.change_seq; END IF; RETURN NULL; END IF; "
    "IF TG_OP = 'DELETE' THEN INSERT INTO search_document_removed (doc_id, change_seq) "
    "VALUES (OLD.doc_id, nextval('search_document_change_seq')) "
    "ON CONFLICT (doc_id) DO UPDATE SET change_seq = EXCLUDED.change_seq; RETURN OLD; END IF; "
    "NEW.change_seq := nextval('search_document_change_seq'); "
    "IF TG_OP = 'INSERT' THEN DELETE FROM search_document_removed WHERE doc_id = NEW.doc_id; END IF; "
    "RETURN NEW; END $$",
    "CREATE TRIGGER search_document_change_lock BEFORE INSERT OR UPDATE OR DELETE ON search_document "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_document_change_truncate AFTER TRUNCATE ON search_document "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_document_change_seq BEFORE INSERT OR UPDATE ON search_document "
    "FOR EACH ROW EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_document_change_removed AFTER DELETE ON search_document "
    "FOR EACH ROW EXECUTE FUNCTION search_document_changed()",
)
for _statement in TSV_DDL + (STORAGE_DDL,) + CHANGE_DDL:
    event.listen(SearchDocumentRow.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))


class SearchSynonym(db.Model):
    """Words and phrases that mean the same in SDS ("PA, personal assistant"), applied to every query."""

    __tablename__ = "search_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[str] = mapped_column(String(500))  # comma-separated, as written
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def term_list(self) -> list[str]:
        """The group's terms, tidied ("PA", "personal assistant")."""
        return [" ".join(t.split()) for t in self.terms.split(",") if t.strip()]


class UnfoundSearch(db.Model):
    """Searches colleagues made that found nothing, or nothing they opened: the words and counts per month.

    Never who searched. Rows older than twelve months are deleted (see champions/search/unfound.py).
    """

    __tablename__ = "search_unfound"
    __table_args__ = (UniqueConstraint("text", "month", name="uq_search_unfound_text_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))      # the query, lower case, spaces collapsed
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the month searched
    searches: Mapped[int] = mapped_column(default=0)
    empty: Mapped[int] = mapped_column(default=0)        # searches that found nothing
    opened: Mapped[int] = mapped_column(default=0)       # results opened from this search
    last_searched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
