"""The one table of earlier versions: a row per version of a question, answer, meeting, practice example,
partner update, induction lesson or learning-log reflection."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

# The columns every content type shares; anything else a type keeps goes in `extra`.
COLUMNS = {"title": 300, "summary": 1000, "body": None}


class Revision(db.Model):
    """One version of something people write, with who saved it, when, and who could read it then."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # "question", "answer", "meeting", "practice_example", "update", "lesson" or "reflection".
    content_type: Mapped[str] = mapped_column(String(20), index=True)
    object_id: Mapped[int] = mapped_column(index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    title: Mapped[str] = mapped_column(String(COLUMNS["title"]), default="")
    summary: Mapped[str] = mapped_column(String(COLUMNS["summary"]), default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Who could read the content when this version was made: widening it (a question shared with
    # partners) must not show the new readers the versions written for a narrower audience.
    visibility: Mapped[str] = mapped_column(String(20), default="staff", server_default="staff")
    extra: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    editor = relationship("User")

    @property
    def fields(self) -> dict:
        """Every field this version kept, by name."""
        return {"title": self.title, "summary": self.summary, "body": self.body, **(self.extra or {})}


def versions_of(content_type: str, model: str):
    """A read-only relationship from a model to its versions, newest first (for templates and any())."""
    return relationship(
        Revision, viewonly=True,
        primaryjoin=f"and_(Revision.content_type == '{content_type}', foreign(Revision.object_id) == {model}.id)",
        order_by=(Revision.created_at.desc(), Revision.id.desc()))
