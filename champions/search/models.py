"""Pending index work, written in the same transaction as the change that caused it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DDL, Date, LargeBinary, String, Text, UniqueConstraint, event
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


# The PostgreSQL-only part of search_document; a migration must run these statements
# on PostgreSQL after creating the table (see TSV_DDL). embedding_bits is the sign bits as a bit
# string, so a query ranks every permitted row by Hamming distance (bit_count of XOR) in one scan.
TSV_DDL = (
    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX ix_search_document_tsv ON search_document USING GIN (tsv)",
    "ALTER TABLE search_document ADD COLUMN embedding_bits bit(256) GENERATED ALWAYS AS ("
    "('x' || encode(embedding_sign, 'hex'))::bit(256)) STORED",
    # The permission columns and the sign bits only: the semantic scan reads this, not the wide rows.
    "CREATE INDEX ix_search_document_meaning ON search_document (visibility, owner_id, access_group, kind) "
    "INCLUDE (doc_id, embedding_bits)",
)
for _statement in TSV_DDL:
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
