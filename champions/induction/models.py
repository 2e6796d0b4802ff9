"""Induction: modules, lessons, knowledge checks, assignments, progress and the private learning log."""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.revisions.models import versions_of
from champions.revisions.store import forget_removed_personal_data, record
from champions.timeutil import UTCDateTime, utcnow

MODULE_STATUSES = {"draft": "Draft", "published": "Published"}
AUDIENCES = {"staff": "Staff only", "partners": "Staff and partners"}
REFLECTION_MAX = 5000


class Module(db.Model):
    """A unit of the induction: ordered lessons, then an optional knowledge check."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    position: Mapped[int] = mapped_column(default=0, index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Who may take it once published: doubles as its visibility level ("staff" or "partners").
    audience: Mapped[str] = mapped_column(String(20), default="staff")
    # 0 until first published; each publish of changes adds one. Completions keep the version they were for.
    version: Mapped[int] = mapped_column(default=0)
    has_unpublished_changes: Mapped[bool] = mapped_column(default=False)
    pass_mark: Mapped[int] = mapped_column(default=80)  # per cent of questions answered correctly
    max_attempts: Mapped[int | None] = mapped_column()  # tries at the check per version; None: no limit
    attempt_pause_minutes: Mapped[int] = mapped_column(default=0, server_default="0")  # wait between tries
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    lessons: Mapped[list["Lesson"]] = relationship(back_populates="module", order_by="Lesson.position")
    questions: Mapped[list["CheckQuestion"]] = relationship(
        order_by="CheckQuestion.position",
        primaryjoin="and_(CheckQuestion.module_id == Module.id, CheckQuestion.active)", viewonly=True)
    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def status_label(self) -> str:
        return MODULE_STATUSES.get(self.status, self.status)

    @property
    def audience_label(self) -> str:
        return AUDIENCES.get(self.audience, self.audience)


class Lesson(db.Model):
    """A page of a module, written in Markdown."""

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    module: Mapped[Module] = relationship(back_populates="lessons")


class CheckQuestion(db.Model):
    """A multiple-choice question in a module's knowledge check (one or more correct options)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    prompt: Mapped[str] = mapped_column(String(500))
    explanation: Mapped[str] = mapped_column(Text, default="")
    explanation_html: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)  # removed questions are kept for old attempts

    module: Mapped[Module] = relationship()
    options: Mapped[list["CheckOption"]] = relationship(
        order_by="CheckOption.position",
        primaryjoin="and_(CheckOption.question_id == CheckQuestion.id, CheckOption.active)", viewonly=True)

    @property
    def correct_ids(self) -> set[int]:
        return {o.id for o in self.options if o.correct}

    @property
    def multiple(self) -> bool:
        """More than one correct option: shown as checkboxes."""
        return len(self.correct_ids) > 1


class CheckOption(db.Model):
    """One answer option of a question."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("check_question.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))
    correct: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    question: Mapped[CheckQuestion] = relationship()


class Assignment(db.Model):
    """The core induction assigned to a person, with its due date and reminders sent.

    Once `completed_at` is set the induction stays complete: a module published later joins it only
    when a champion assigns that module to everyone, which reopens it with a new due date.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True, unique=True)
    due_on: Mapped[date] = mapped_column(Date)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_soon_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when a champion adds a new module to an induction that was complete: the earlier completion is kept.
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")


class LessonProgress(db.Model):
    """A person's visits to, and completion of, a lesson."""

    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lesson: Mapped[Lesson] = relationship()


class CheckAttempt(db.Model):
    """One try at a module's knowledge check: the answers given and the score."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    module_version: Mapped[int] = mapped_column()
    answers_json: Mapped[str] = mapped_column(Text, default="{}")  # {"question id": [option ids]}
    score: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    passed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    module: Mapped[Module] = relationship()

    @property
    def answers(self) -> dict[int, set[int]]:
        return {int(k): set(v) for k, v in json.loads(self.answers_json or "{}").items()}

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


class ModuleCompletion(db.Model):
    """A person completed a module at a given version (never erased when the module changes)."""

    __table_args__ = (UniqueConstraint("user_id", "module_id", "module_version",
                                       name="uq_module_completion_user_module_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    module_version: Mapped[int] = mapped_column()
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    module: Mapped[Module] = relationship()


class Reflection(db.Model):
    """A person's private note on a lesson: their learning log. Never indexed, never shown to anyone else."""

    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_reflection_user_lesson"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    lesson: Mapped[Lesson] = relationship()
    # Earlier texts, kept when its writer changes or clears it; only the writer reads them (champions.revisions).
    revisions = versions_of("reflection", "Reflection")

    def keep_and_change(self, text: str) -> bool:
        """Change the text, keeping the earlier one as a version; False when nothing changed."""
        if text == (self.text or ""):
            return False
        if self.text:
            # The version carries when that text was saved, and its writer.
            record("reflection", self, self.user_id, at=self.updated_at or self.created_at, body=self.text)
        self.text = text
        self.updated_at = utcnow()
        # What looked like personal data and is no longer in the text comes out of the earlier versions too.
        if self.id:
            forget_removed_personal_data("reflection", self.id, text)
        return True

