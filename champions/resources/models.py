"""A resource: a document or link, classified like practice examples, owned by a champion or a partner organisation."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.practice.models import FACETS, STATUS_COLOURS, STATUSES  # noqa: F401 - one workflow, one taxonomy
from champions.timeutil import UTCDateTime, utcnow

KINDS = {
    "guidance": "Guidance",
    "template": "Template or form",
    "leaflet": "Leaflet",
    "training": "Training material",
    "tool": "Tool",
    "policy": "Policy",
    "link": "Link",
}
VISIBILITY_CHOICES = ("staff", "partners")
TEXT_LIMITS = {"title": 200, "summary": 1000, "link_url": 500}

resource_tag = Table(
    "resource_tag", db.metadata,
    Column("resource_id", ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Resource(db.Model):
    """Guidance, a template, a leaflet: its files (attachments) or a link, and who may read it."""

    __tablename__ = "resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    link_url: Mapped[str] = mapped_column(String(500), default="")
    visibility: Mapped[str] = mapped_column(String(20), default="staff", index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # A partner organisation's own material; None: the champions'.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    review_due_on: Mapped[date | None] = mapped_column(Date)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    author = relationship("User")
    organisation = relationship("Organisation")
    tags = relationship("Tag", secondary=resource_tag, order_by="Tag.name")

    @property
    def url(self) -> str:
        return f"/resources/{self.id}"

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status).replace("author", "its author")

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def owner_label(self) -> str:
        """Whose material it is: a partner organisation's, or the SDS Champions'."""
        return self.organisation.name if self.organisation else "SDS Champions"

    def tags_of(self, kind: str) -> list:
        return [tag for tag in self.tags if tag.kind == kind]

    @property
    def is_due_for_review(self) -> bool:
        return self.status == "published" and self.review_due_on is not None and self.review_due_on < date.today()
