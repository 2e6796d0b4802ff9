"""Meetings: visibility queries, publishing, revisions and the people to tell."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import url_for
from sqlalchemy import String, and_, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload, undefer

from champions import audit, permissions, revisions, search
from champions.params import to_int
from champions.auth.models import User
from champions.extensions import db
from champions.meetings.models import Action, AgendaItem, IssueIdentified, Meeting, MeetingApology, MeetingAttendee
from champions.timeutil import to_local, utcnow
from champions.people.names import person_name

def visible_clause(user):
    """SQL: meetings this person may see (from the meeting audience: drafts only for champions)."""
    return permissions.MEETING.clause(user)


def get_meeting_or_404(meeting_id: int, action: str = "view", options=()) -> Meeting:
    """Load a meeting the current user may see (404 otherwise), then check the action (403); `options`: what
    to load with it (NOTES_OPTIONS)."""
    return permissions.get_or_404(Meeting, meeting_id, "meeting.view", f"meeting.{action}", options=options)


def _notes_options():
    return (selectinload(Meeting.attendees).joinedload(MeetingAttendee.user),
            # Guests and apologies, a few names each: joined to the meeting row, not queries of their own.
            joinedload(Meeting.guests), joinedload(Meeting.apologies).joinedload(MeetingApology.user),
            undefer(Meeting.revision_count),
            selectinload(Meeting.items).joinedload(AgendaItem.questions),
            selectinload(Meeting.issues).joinedload(IssueIdentified.questions),
            selectinload(Meeting.actions).joinedload(Action.owner))


def get_notes_or_404(meeting_id: int) -> Meeting:
    """A meeting the current user may see, with everything the notes page shows, in a fixed number of queries
    (not one per item or action)."""
    return get_meeting_or_404(meeting_id, options=_notes_options())


def personal_data_ok(form, fields: list[str]) -> bool:
    """Run the personal-data guard on these fields (True when clear or confirmed)."""
    from champions import privacy

    return privacy.check_form(form, fields)


def notes_audience(meeting: Meeting) -> permissions.AccessLabel:
    """Who will read the notes once the meeting is published: people mentioned in them must be among them."""
    return permissions.AccessLabel(meeting.visibility)


def tell_mentioned(meeting: Meeting, user, text: str, before: str | None = None) -> None:
    """Tell the people newly mentioned in the notes, once the meeting is published and they may read it."""
    from champions.people import mentions

    if meeting.status == "published":
        mentions.tell(text, before=before, label=notification_level(meeting), actor=user,
                      where=f"the notes of {meeting.title}" if _title_clear(meeting.title) else "meeting notes",
                      url=url_for("meetings.detail", meeting_id=meeting.id), subject=f"meeting:{meeting.id}")


def _title_clear(title: str) -> bool:
    from champions.moderation.held import title_clear

    return title_clear(title)


def today():
    """Today's date in Europe/London."""
    return to_local(utcnow()).date()


def next_meeting(user) -> Meeting | None:
    """The next meeting (today or later) this person may see."""
    return db.session.scalar(
        select(Meeting).where(visible_clause(user), Meeting.date >= today())
        .order_by(Meeting.date, Meeting.starts_at).limit(1))


def neighbours(meeting: Meeting, user) -> tuple[Meeting | None, Meeting | None]:
    """The previous and next meetings this person may see."""
    earlier = or_(Meeting.starts_at < meeting.starts_at,
                  and_(Meeting.starts_at == meeting.starts_at, Meeting.id < meeting.id))
    later = or_(Meeting.starts_at > meeting.starts_at,
                and_(Meeting.starts_at == meeting.starts_at, Meeting.id > meeting.id))
    previous = (select(Meeting.id).where(visible_clause(user), earlier)
                .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1).scalar_subquery())
    following = (select(Meeting.id).where(visible_clause(user), later)
                 .order_by(Meeting.starts_at, Meeting.id).limit(1).scalar_subquery())
    # Both in one query: each is found by its own ordered subquery, then told apart by where it falls.
    found = db.session.scalars(select(Meeting).where(Meeting.id.in_([previous, following]))).all()
    before = next((m for m in found if (m.starts_at, m.id) < (meeting.starts_at, meeting.id)), None)
    after = next((m for m in found if (m.starts_at, m.id) > (meeting.starts_at, meeting.id)), None)
    return before, after


def staff_members() -> list[User]:
    """Staff members who can attend or own actions: champions first, then by name."""
    people = db.session.scalars(
        select(User).where(User.is_member, User.role.in_(permissions.STAFF_ROLES))
        .order_by(User.display_name)).all()
    return sorted(people, key=lambda u: (u.role not in permissions.CHAMPION_ROLES, u.display_name.lower()))


def snapshot(meeting: Meeting) -> str:
    """The meeting's notes as plain Markdown text, kept in a revision."""
    parts = [f"# {meeting.title}", ""]
    for number, item in enumerate(meeting.agenda, start=1):
        parts += [f"## {number}. {item.title}", "", item.notes or "(no notes)", ""]
        if item.decisions:
            parts += ["Decisions:", "", item.decisions, ""]
    if meeting.open_issues:
        parts += ["## Issues identified", ""] + [f"- {issue.text}" for issue in meeting.open_issues] + [""]
    return "\n".join(parts).strip() + "\n"


def changed(meeting: Meeting, user, summary: str) -> None:
    """Record a change: a revision of the notes as they were (once published), who, and the index job.

    Call before changing the notes, so the revision holds the earlier text.
    """
    if meeting.is_published:
        revisions.record("meeting", meeting, user, summary=summary[:300], body=snapshot(meeting))
    meeting.updated_by_id = user.id
    meeting.updated_at = utcnow()
    db.session.flush()
    search.enqueue("meeting", meeting.id)


def audience(meeting: Meeting) -> list[User]:
    """Attendees, then every member the meeting is shared with."""
    people = db.session.scalars(permissions.recipients(notification_level(meeting))).all()
    return [a.user for a in meeting.attendees] + list(people)


def notification_level(meeting: Meeting) -> permissions.AccessLabel:
    """The access label its notifications carry, from the meeting audience."""
    return permissions.MEETING.access_label(meeting)


def sync_notifications(meeting: Meeting) -> None:
    """Bring the notifications about this meeting in line with who may see it now."""
    from champions.notifications.service import set_subject_visibility

    set_subject_visibility(f"meeting:{meeting.id}", notification_level(meeting))


def publish(meeting: Meeting, user) -> None:
    """Publish the notes and tell the attendees and the audience (in-app and email by preference)."""
    from champions.notifications.service import notify

    meeting.status = "published"
    meeting.published_at = utcnow()
    changed(meeting, user, "Published")
    sync_notifications(meeting)
    from champions.moderation.held import title_clear

    title = (f"{person_name(user)} published the notes of {meeting.title}" if title_clear(meeting.title)
             else f"{person_name(user)} published meeting notes")
    notify(audience(meeting), kind="meeting_published", title=title,
           url=url_for("meetings.detail", meeting_id=meeting.id), visibility=notification_level(meeting),
           actor=user, subject=f"meeting:{meeting.id}")
    tell_mentioned(meeting, user, "\n\n".join(f"{item.notes}\n\n{item.decisions}" for item in meeting.agenda))
    audit.record(user, "meeting.publish", meeting, summary=meeting.title,
                 after={"visibility": meeting.visibility})


def open_actions_for(user, limit: int = 10) -> list[Action]:
    """This person's open actions (from meetings and every other source), soonest due first."""
    return list(db.session.scalars(
        select(Action).where(Action.owner_id == user.id, Action.status == "open", action_clause(user))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id).limit(limit)))


# --- the actions tracker's sources ------------------------------------------------------
@dataclass(frozen=True)
class ActionSource:
    """Somewhere besides a meeting that raises actions (a self-evaluation): who sees them, where they came from.

    clause(user): SQL on Action, the actions of this source the person may see (from its audience).
    origins(ids): a select of (action_id, title, detail, ref, ref2) for those of these actions it raised, and
    origin(row): (title, url) from such a row, for the tracker's "Raised at" column (every source's rows come
    in one query).
    audience(action): (access label, notification subject) when the action is this source's, else None:
        who may be told about it (its owner is told only when the label admits them).
    """

    name: str
    clause: Callable
    origins: Callable[[list[int]], Any]
    origin: Callable[[Any], tuple[str, str]]
    audience: Callable[[Action], "tuple[permissions.AccessLabel, str] | None"] = lambda action: None


ACTION_SOURCES: dict[str, ActionSource] = {}


def register_action_source(source: ActionSource) -> ActionSource:
    """Add a source of actions to the tracker (a feature calls this as it loads)."""
    ACTION_SOURCES[source.name] = source
    return source


def action_clause(user):
    """SQL: the actions this person may see: those of meetings they may see, and of every other source."""
    return permissions.per_person(("actions",), user, lambda: or_(
        Action.meeting.has(visible_clause(user)), *[s.clause(user) for s in ACTION_SOURCES.values()]),
        of=(permissions.MEETING, *[s.clause for s in ACTION_SOURCES.values()]))


def action_visible(user, action: Action | None) -> bool:
    """May this person see this action (and so where it was raised)?"""
    return action is not None and db.session.scalar(
        select(Action.id).where(Action.id == action.id, action_clause(user))) is not None


def action_audience(action: Action) -> tuple[permissions.AccessLabel, str] | None:
    """Who may be told about an action, and the subject of its notifications: its meeting's, or its source's."""
    if action.meeting_id is not None:
        return permissions.MEETING.access_label(action.meeting), f"meeting:{action.meeting_id}"
    for source in ACTION_SOURCES.values():
        found = source.audience(action)
        if found is not None:
            return found
    return None


def owner_choices() -> list:
    """The owner select's choices for an action of any source: a prompt, then staff, champions first."""
    from wtforms import SelectChoice

    return [SelectChoice("", "Choose an owner")] + [SelectChoice(str(u.id), f"{u.display_name} ({u.role_label})")
                                                     for u in staff_members()]


def owner_can_read(form, read_action: str, obj, refused: str) -> bool:
    """An action's owner must be able to read where it was raised (else they could neither be told of it nor
    see it in the tracker): otherwise the owner field says `refused` and the form is shown again."""
    owner_id = to_int(form.owner.data)
    owner = db.session.get(User, owner_id) if owner_id is not None else None
    if owner is not None and permissions.can(owner, read_action, obj):
        return True
    form.owner.errors = list(form.owner.errors) + [refused]
    form._errors = None
    return False


def action_origins(actions) -> dict[int, tuple[str, str]]:
    """Where each action was raised, as (title, url): its meeting, or what its source says (a workshop...)."""
    found = {a.id: (a.meeting.title, url_for("meetings.detail", meeting_id=a.meeting_id, _anchor="actions"))
             for a in actions if a.meeting_id is not None}
    others = [a.id for a in actions if a.meeting_id is None]
    if others and ACTION_SOURCES:
        parts = [select(literal(name, String).label("source"), *source.origins(others).subquery().c)
                 for name, source in ACTION_SOURCES.items()]
        for row in db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
            found[row.action_id] = ACTION_SOURCES[row.source].origin(row)
    return found
