"""Questions, answers, tags, votes and follows (their versions are in champions.revisions)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

TAG_KINDS = {
    "topic": "Topics",
    "option": "SDS options",
    "step": "The seven steps",
    "standard": "SDS Framework of Standards",
    "outcome": "Personal outcomes",
}
QUESTION_VISIBILITIES = {"staff": "All staff", "partners": "Staff and partners"}
# Partners do not choose: what they ask is shared at the one level they can read themselves.
PARTNER_VISIBILITY = "partners"
STATUS_LABELS = {"open": "Open", "answered": "Answered", "resolved": "Resolved"}
CLOSE_REASONS = {
    "duplicate": "Duplicate of another question",
    "out_of_scope": "Out of scope for the Hub",
    "answered_elsewhere": "Answered elsewhere",
}

question_tags = Table(
    "question_tags",
    db.Model.metadata,
    Column("question_id", ForeignKey("question.id"), primary_key=True, index=True),
    Column("tag_id", ForeignKey("tag.id"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A label from the SDS taxonomy (option, step, standard, outcome) or a topic champions manage."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="topic", index=True)
    description: Mapped[str] = mapped_column(String(2000), default="")
    edition: Mapped[str] = mapped_column(String(20), default="")
    # A standard's new edition: answers to questions tagged with it, checked before this day, are due a check.
    edition_changed_on: Mapped[date | None] = mapped_column(Date)
    group: Mapped[str] = mapped_column(String(80), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    @property
    def kind_label(self) -> str:
        return TAG_KINDS.get(self.kind, self.kind)


class Question(db.Model):
    """A question asked by a practitioner (or a partner, when shared with partners)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(20), default="staff", index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    edited: Mapped[bool] = mapped_column(default=False)
    # Not a foreign key: answer.question_id already points here and a cycle complicates create/drop.
    accepted_answer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    closed_reason: Mapped[str] = mapped_column(String(40), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"), index=True)
    locked: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False, index=True)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    withdrawn: Mapped[bool] = mapped_column(default=False, index=True)
    # Held for a champion to check (the author confirmed a CHI or NI number): its author and champions only.
    held: Mapped[bool] = mapped_column(default=False, index=True)
    flagged_for_meeting: Mapped[bool] = mapped_column(default=False, index=True)
    flagged_for_meeting_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    flagged_for_meeting_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_count: Mapped[int] = mapped_column(default=0)
    has_champion_answer: Mapped[bool] = mapped_column(default=False, index=True)

    # The question lists' filter (who may see what) and order, in one index: a page's ids and the count are
    # read from it alone, without sorting whole rows (champions.params.paginate_by_key).
    __table_args__ = (Index("ix_question_listing", "visibility", "last_activity_at", "id", "hidden", "withdrawn",
                            "held", "author_id"),)

    author = relationship("User", foreign_keys=[author_id])
    hidden_by = relationship("User", foreign_keys=[hidden_by_id])
    flagged_for_meeting_by = relationship("User", foreign_keys=[flagged_for_meeting_by_id])
    duplicate_of = relationship("Question", remote_side=[id])
    tags: Mapped[list[Tag]] = relationship(secondary=question_tags, order_by="(Tag.kind, Tag.sort_order, Tag.name)")
    answers: Mapped[list["Answer"]] = relationship(back_populates="question", order_by="Answer.created_at")

    @property
    def closed(self) -> bool:
        return bool(self.closed_reason)

    @property
    def status_label(self) -> str:
        """The status in words, including closure."""
        if self.withdrawn:
            return "Withdrawn"
        if self.held:
            return "Held for a champion to check"
        if self.closed:
            return "Closed"
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def status_colour(self) -> str:
        if self.withdrawn or self.closed or self.held:
            return "grey"
        return {"resolved": "green", "answered": "blue"}.get(self.status, "yellow")

    @property
    def close_reason_label(self) -> str:
        return CLOSE_REASONS.get(self.closed_reason, self.closed_reason)

    @property
    def visibility_label(self) -> str:
        return QUESTION_VISIBILITIES.get(self.visibility, self.visibility)

    @property
    def url(self) -> str:
        return f"/questions/{self.id}"


class Answer(db.Model):
    """An answer to a question."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    edited: Mapped[bool] = mapped_column(default=False)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    helpful_count: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False, index=True)
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    # Held for a champion to check, as a question can be.
    held: Mapped[bool] = mapped_column(default=False, index=True)
    # Taken back by its author: kept (with its history), shown to others only as "withdrawn".
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[Question] = relationship(back_populates="answers")
    author = relationship("User", foreign_keys=[author_id])
    endorsed_by = relationship("User", foreign_keys=[endorsed_by_id])

    @property
    def endorsed(self) -> bool:
        return self.endorsed_by_id is not None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def title(self) -> str:
        return f"Answer to: {self.question.title}"


class HelpfulVote(db.Model):
    """'This answer helped me': one per person per answer."""

    __table_args__ = (UniqueConstraint("answer_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Follow(db.Model):
    """A person following a question (notified of new answers)."""

    __table_args__ = (UniqueConstraint("question_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

