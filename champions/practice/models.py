"""Practice examples: the example and its workflow history (its versions are in champions.revisions)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.revisions.models import versions_of
from champions.timeutil import UTCDateTime, utcnow

STATUSES = {
    "draft": "Draft",
    "submitted": "Awaiting review",
    "returned": "Returned to author",
    "published": "Published",
    "archived": "Archived",
}
STATUS_COLOURS = {"draft": "grey", "submitted": "blue", "returned": "yellow", "published": "green", "archived": "grey"}
VISIBILITY_CHOICES = ("staff", "partners")
# Taxonomy facets (Tag.kind), in the order the library shows them.
FACETS = {
    "option": "SDS option",
    "step": "Seven-step stage",
    "standard": "SDS standard",
    "outcome": "Personal outcome",
    "topic": "Topic",
}
TEXT_LIMITS = {"title": 200, "summary": 1000, "situation": 10000, "action": 10000, "outcomes_text": 5000,
               "team_or_area": 200}

practice_example_tag = Table(
    "practice_example_tag", db.metadata,
    Column("example_id", ForeignKey("practice_example.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)

practice_example_question = Table(
    "practice_example_question", db.metadata,
    Column("example_id", ForeignKey("practice_example.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("question_id", ForeignKey("question.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PracticeExample(db.Model):
    """A piece of good practice, written by staff and curated by champions."""

    __tablename__ = "practice_example"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    situation: Mapped[str] = mapped_column(Text, default="")
    situation_html: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    action_html: Mapped[str] = mapped_column(Text, default="")
    outcomes_text: Mapped[str] = mapped_column(Text, default="")
    outcomes_html: Mapped[str] = mapped_column(Text, default="")
    team_or_area: Mapped[str] = mapped_column(String(200), default="")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    visibility: Mapped[str] = mapped_column(String(20), default="staff", index=True)
    review_due_on: Mapped[date | None] = mapped_column(Date)
    anonymised_confirmed: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    author = relationship("User", foreign_keys=[author_id])
    contact = relationship("User", foreign_keys=[contact_id])
    tags = relationship("Tag", secondary=practice_example_tag, order_by="Tag.name")
    questions = relationship("Question", secondary=practice_example_question)
    revisions = versions_of("practice_example", "PracticeExample")  # its text after each edit (champions.revisions)
    transitions: Mapped[list["PracticeTransition"]] = relationship(
        back_populates="example", order_by="PracticeTransition.created_at.desc()")

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    def tags_of(self, kind: str) -> list:
        """This example's tags of one facet (option, step, standard, outcome, topic)."""
        return [tag for tag in self.tags if tag.kind == kind]

    @property
    def is_due_for_review(self) -> bool:
        return self.status == "published" and self.review_due_on is not None and self.review_due_on < date.today()


class PracticeTransition(db.Model):
    """One step of the workflow: who moved the example from what to what, when, and why."""

    __tablename__ = "practice_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    example_id: Mapped[int] = mapped_column(ForeignKey("practice_example.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    example: Mapped[PracticeExample] = relationship(back_populates="transitions")
    actor = relationship("User")

    @property
    def from_label(self) -> str:
        return STATUSES.get(self.from_status, self.from_status)

    @property
    def to_label(self) -> str:
        return STATUSES.get(self.to_status, self.to_status)
