"""A file attached to a question, answer, meeting, practice example, partner update or resource."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

# parent kind: (its column here, its relationship here)
PARENTS = {
    "question": "question_id",
    "answer": "answer_id",
    "meeting": "meeting_id",
    "practice_example": "practice_example_id",
    "update": "update_id",
    "resource": "resource_id",
}


class Attachment(db.Model):
    """One uploaded file: what it is, where its bytes are, the text inside it, and what it is attached to."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_kind: Mapped[str] = mapped_column(String(30), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    practice_example_id: Mapped[int | None] = mapped_column(ForeignKey("practice_example.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("partner_update.id"), index=True)
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resource.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    file_kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")
    uploader_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A newer version of the same file (resources): the earlier one stays listed.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"), index=True)
    hidden: Mapped[bool] = mapped_column(default=False, index=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    bytes_deleted: Mapped[bool] = mapped_column(default=False)

    uploader = relationship("User", foreign_keys=[uploader_id])
    removed_by = relationship("User", foreign_keys=[removed_by_id])
    question = relationship("Question")
    answer = relationship("Answer")
    meeting = relationship("Meeting")
    practice_example = relationship("PracticeExample")
    update = relationship("Update")
    resource = relationship("Resource", foreign_keys=[resource_id])
    replaced_by = relationship("Attachment", remote_side=[id])

    @property
    def parent(self):
        """What it is attached to."""
        return getattr(self, self.parent_kind)

    @property
    def type_label(self) -> str:
        from champions.attachments.files import TYPES

        return TYPES.get(self.file_kind, ("File",))[0]

    @property
    def is_image(self) -> bool:
        return self.file_kind in ("png", "jpeg")

    @property
    def size_label(self) -> str:
        """"240 KB", "3.1 MB"."""
        if self.size < 1024:
            return f"{self.size} bytes"
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return f"{self.size / (1024 * 1024):.1f} MB"

    @property
    def url(self) -> str:
        return f"/attachments/{self.id}/{self.filename}"

    @property
    def parent_title(self) -> str:
        return getattr(self.parent, "title", "") or ""

    @property
    def parent_url(self) -> str:
        """The page of what it is attached to."""
        return parent_url(self.parent_kind, self.parent)


def parent_url(kind: str, parent) -> str:
    """The page of a question, answer, meeting, practice example, update or resource."""
    if kind == "answer":
        return f"{parent.question.url}#answer-{parent.id}"
    if kind == "question":
        return parent.url
    return {"meeting": f"/meetings/{parent.id}", "practice_example": f"/practice/{parent.id}",
            "update": f"/updates/{parent.id}", "resource": f"/resources/{parent.id}"}[kind]


class AttachmentBlob(db.Model):
    """A file's bytes, when they are kept in the database (UPLOAD_STORAGE=database)."""

    __tablename__ = "attachment_blob"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
