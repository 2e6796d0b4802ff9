"""Monthly SDS Champions' meetings: meetings, agenda, issues, actions and standing updates."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from champions.extensions import db
from champions.revisions.models import Revision, versions_of
from champions.timeutil import LONDON, UTCDateTime, to_local, utcnow

STATUSES = {"draft": "Draft", "published": "Published"}
ITEM_KINDS = {
    "flagged_question": "Question flagged for the meeting",
    "awaiting_question": "Question awaiting an answer",
    "previous_action": "Action from an earlier meeting",
    "standing_update": "Regular update",
    "free": "Agenda item",
}
ACTION_STATUSES = {"open": "Open", "done": "Done"}

# Questions discussed under an agenda item or behind an issue identified.
agenda_item_question = Table(
    "agenda_item_question", db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id"), primary_key=True, index=True),
    Column("question_id", ForeignKey("question.id"), primary_key=True, index=True),
)
issue_question = Table(
    "issue_question", db.metadata,
    Column("issue_id", ForeignKey("issue_identified.id"), primary_key=True, index=True),
    Column("question_id", ForeignKey("question.id"), primary_key=True, index=True),
)


def default_title(day: date) -> str:
    """"SDS Champions' meeting, March 2027" for a meeting on that day."""
    return f"SDS Champions' meeting, {day.strftime('%B %Y')}"


def local_timestamp(day: date, at: time) -> datetime:
    """A Europe/London wall-clock date and time as an aware datetime (stored as UTC)."""
    return datetime.combine(day, at, tzinfo=LONDON)


class Meeting(db.Model):
    """One monthly meeting of the SDS Champions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    visibility: Mapped[str] = mapped_column(String(20), default="staff", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    attendees: Mapped[list["MeetingAttendee"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan")
    guests: Mapped[list["MeetingGuest"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingGuest.id")
    apologies: Mapped[list["MeetingApology"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingApology.id")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position")
    issues: Mapped[list["IssueIdentified"]] = relationship(
        back_populates="meeting", order_by="IssueIdentified.id")
    actions: Mapped[list["Action"]] = relationship(back_populates="meeting", order_by="Action.id")
    # The notes as they were before each edit made after publishing (champions.revisions).
    revisions = versions_of("meeting", "Meeting")
    # How many there are, without loading them: its own query when read, unless undeferred into the meeting's.
    revision_count: Mapped[int] = column_property(
        select(func.count(Revision.id)).where(Revision.content_type == "meeting", Revision.object_id == id)
        .correlate_except(Revision).scalar_subquery(), deferred=True)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def local_start(self) -> datetime:
        return to_local(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return to_local(self.ends_at)

    @property
    def agenda(self) -> list["AgendaItem"]:
        """The agenda items still on the agenda, in order."""
        return [item for item in self.items if not item.removed]

    @property
    def open_issues(self) -> list["IssueIdentified"]:
        return [issue for issue in self.issues if not issue.removed]

    def set_times(self, day: date, start: time, end: time) -> None:
        """Set the date and the Europe/London start and end times."""
        self.date = day
        self.starts_at = local_timestamp(day, start)
        self.ends_at = local_timestamp(day, end)


class MeetingAttendee(db.Model):
    """A member who came to the meeting."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    user = relationship("User")


class MeetingGuest(db.Model):
    """Someone from outside the membership who came (for example the finance lead)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="guests")


class MeetingApology(db.Model):
    """Apologies: a member (user) or a name typed in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="apologies")
    user = relationship("User")

    @property
    def label(self) -> str:
        return self.user.display_name if self.user else self.name


class StandingUpdate(db.Model):
    """A regular update given at every meeting (finance, carers' support...), set by admins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgendaItem(db.Model):
    """One item on a meeting's agenda, with its notes and decisions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="free")
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_html: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    decisions_html: Mapped[str] = mapped_column(Text, default="")
    standing_update_id: Mapped[int | None] = mapped_column(ForeignKey("standing_update.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"), index=True)
    removed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    standing_update: Mapped[StandingUpdate | None] = relationship()
    action: Mapped["Action | None"] = relationship(foreign_keys=[action_id])
    questions = relationship("Question", secondary=agenda_item_question, order_by="Question.id")

    @property
    def kind_label(self) -> str:
        return ITEM_KINDS.get(self.kind, self.kind)


class IssueIdentified(db.Model):
    """An issue the meeting identified (a gap in guidance, a process problem), linked to questions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text, default="")
    removed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="issues")
    questions = relationship("Question", secondary=issue_question, order_by="Question.id")


class Action(db.Model):
    """Something a member agreed to do: raised at a meeting, agreed at a workshop ("action now"), or raised
    elsewhere (a source in service.ACTION_SOURCES, such as a self-evaluation's improvement action)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The meeting or workshop it was raised at; both None for an action from another source.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id"), index=True)
    what: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When its owner was reminded it is due within three working days (once).
    due_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting | None] = relationship(back_populates="actions")
    workshop = relationship("Workshop")
    owner = relationship("User")

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    def is_overdue(self, today: date | None = None) -> bool:
        """Open and past its due date (in Europe/London)."""
        today = today or to_local(utcnow()).date()
        return self.status == "open" and self.due_on is not None and self.due_on < today

