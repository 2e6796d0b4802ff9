"""Building an agenda: suggestions from the forum, earlier actions and regular updates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from champions import permissions
from champions.extensions import db
from champions.meetings.models import Action, AgendaItem, Meeting, StandingUpdate, agenda_item_question
from champions.params import MAX_INT
from champions.questions.models import Question
from champions.timeutil import to_local, utcnow, working_days_between

AWAITING_WORKING_DAYS = 5
SUGGESTION_LIMIT = 25


@dataclass
class Suggestion:
    """Something the champions might put on the agenda."""

    kind: str
    ref: int
    title: str
    detail: str
    url: str = ""
    visibility: str = ""  # who may see the source now, when fewer people than the meeting's readers


_BREADTH = {"champions": 0, "staff": 1, "partners": 2}


def _narrower(source: str, meeting: Meeting) -> str:
    """The source's visibility when fewer people may see it than will read this meeting, else ''."""
    return source if _BREADTH.get(source, 0) < _BREADTH.get(meeting.visibility, 0) else ""


def _discussed_question_ids():
    """Questions already on some meeting's agenda (not removed)."""
    return (select(agenda_item_question.c.question_id)
            .join(AgendaItem, AgendaItem.id == agenda_item_question.c.agenda_item_id)
            .where(AgendaItem.removed.is_(False)))


def _live_questions():
    return select(Question).where(permissions.QUESTION.open_clause(), Question.id.not_in(_discussed_question_ids()))


def next_meeting() -> Meeting | None:
    """The meeting questions flagged "for the next meeting" go to: the earliest not cancelled on or after today."""
    # By date, not by when it was arranged: a draft for a later month must not take them first.
    today = to_local(utcnow()).date()
    return db.session.scalar(select(Meeting).where(Meeting.date >= today, Meeting.status != "cancelled")
                             .order_by(Meeting.date, Meeting.starts_at, Meeting.id).limit(1))


def is_next_meeting(meeting: Meeting) -> bool:
    """True when flagged questions are suggested for this meeting."""
    upcoming = next_meeting()
    return upcoming is not None and upcoming.id == meeting.id


def flagged_questions() -> list[Question]:
    """Questions flagged for the next meeting and not yet discussed."""
    return list(db.session.scalars(_live_questions().where(Question.flagged_for_meeting.is_(True))
                                   .order_by(Question.created_at).limit(SUGGESTION_LIMIT)))


def awaiting_questions(now=None) -> list[Question]:
    """Questions with no champion's answer for more than five working days."""
    now = now or utcnow()
    # Five working days always span at least five calendar days: narrow in SQL, count in Python.
    candidates = db.session.scalars(
        _live_questions().where(Question.has_champion_answer.is_(False), Question.flagged_for_meeting.is_(False),
                                Question.created_at < now - timedelta(days=AWAITING_WORKING_DAYS))
        .order_by(Question.created_at).limit(SUGGESTION_LIMIT * 2))
    return [q for q in candidates
            if working_days_between(q.created_at, now) > AWAITING_WORKING_DAYS][:SUGGESTION_LIMIT]


def earlier_open_actions(meeting: Meeting) -> list[Action]:
    """Open actions raised at earlier meetings and not yet on this agenda."""
    on_agenda = select(AgendaItem.action_id).where(AgendaItem.meeting_id == meeting.id,
                                                   AgendaItem.removed.is_(False),
                                                   AgendaItem.action_id.isnot(None))
    return list(db.session.scalars(
        select(Action).join(Action.meeting).options(contains_eager(Action.meeting), joinedload(Action.owner))
        .where(Action.status == "open", Meeting.date < meeting.date, Action.id.not_in(on_agenda))
        .order_by(Action.due_on, Action.id)))


def unused_standing_updates(meeting: Meeting) -> list[StandingUpdate]:
    """Active regular updates not yet on this agenda."""
    on_agenda = select(AgendaItem.standing_update_id).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.removed.is_(False),
        AgendaItem.standing_update_id.isnot(None))
    return list(db.session.scalars(
        select(StandingUpdate).where(StandingUpdate.active.is_(True), StandingUpdate.id.not_in(on_agenda))
        .order_by(StandingUpdate.position, StandingUpdate.title)))


_UNKNOWN = object()


def suggestions(meeting: Meeting, upcoming=_UNKNOWN) -> dict[str, list[Suggestion]]:
    """Every suggestion for this meeting's agenda, grouped by where it came from (`upcoming`: the next
    meeting, when the caller has it)."""
    from champions.timeutil import format_date

    if upcoming is _UNKNOWN:
        upcoming = next_meeting()
    is_next = upcoming is not None and upcoming.id == meeting.id

    return {
        "flagged_question": [Suggestion("flagged_question", q.id, q.title, f"Asked {format_date(q.created_at)}",
                                        q.url, _narrower(q.visibility, meeting))
                             for q in (flagged_questions() if is_next else [])],
        "awaiting_question": [Suggestion("awaiting_question", q.id, q.title,
                                         f"Asked {format_date(q.created_at)}, no champion's answer yet", q.url,
                                         _narrower(q.visibility, meeting))
                              for q in awaiting_questions()],
        "previous_action": [Suggestion("previous_action", a.id, a.what,
                                       f"{a.owner.display_name}, from {a.meeting.title}"
                                       + (f", due {format_date(a.due_on)}" if a.due_on else ""), "",
                                       _narrower(a.meeting.visibility, meeting))
                            for a in earlier_open_actions(meeting)],
        "standing_update": [Suggestion("standing_update", s.id, s.title, s.description)
                            for s in unused_standing_updates(meeting)],
    }


def _next_position(meeting: Meeting) -> int:
    return (db.session.scalar(select(func.max(AgendaItem.position))
                              .where(AgendaItem.meeting_id == meeting.id)) or 0) + 1


def add_item(meeting: Meeting, title: str, kind: str = "free", **refs) -> AgendaItem:
    """Append an item to the agenda."""
    item = AgendaItem(meeting=meeting, title=title[:200], kind=kind, position=_next_position(meeting), **refs)
    db.session.add(item)
    return item


def add_suggestion(meeting: Meeting, kind: str, ref: int) -> AgendaItem | None:
    """Add a suggestion to the agenda; None when it no longer exists."""
    if kind == "flagged_question" and not is_next_meeting(meeting):
        return None
    if kind in ("flagged_question", "awaiting_question"):
        question = db.session.get(Question, ref)
        if question is None or question.hidden or question.withdrawn or question.held:
            return None
        item = add_item(meeting, question.title, kind)
        item.questions.append(question)
        return item
    if kind == "previous_action":
        action = db.session.get(Action, ref)
        if action is None or action.meeting_id is None:  # a workshop's action is read with its workshop
            return None
        return add_item(meeting, f"Action: {action.what}", kind, action_id=action.id)
    if kind == "standing_update":
        update = db.session.get(StandingUpdate, ref)
        if update is None:
            return None
        return add_item(meeting, update.title, kind, standing_update_id=update.id)
    return None


def move(item: AgendaItem, direction: str) -> None:
    """Swap an item with its neighbour above or below (among items still on the agenda)."""
    items = item.meeting.agenda
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        for position, each in enumerate(items, start=1):
            each.position = position
        items[index].position, items[other].position = items[other].position, items[index].position


QUESTION_REF = re.compile(r"^\s*(?:#?(\d+)|.*?/questions/(\d+)(?:[/?#].*)?)\s*$")


def parse_question_refs(text: str) -> list[int] | None:
    """Question ids from '12', '#12' or links like https://hub/questions/12; None if any is not one."""
    ids = []
    for part in re.split(r"[,\s]+", (text or "").strip()):
        if not part:
            continue
        match = QUESTION_REF.match(part)
        if not match:
            return None
        ids.append(int(match.group(1) or match.group(2)))
    return ids


def find_questions(ids: list[int]) -> tuple[list[Question], list[int]]:
    """The questions with these ids that can be linked, and the ids that could not be found."""
    # A number no id column can hold is simply not found (the database would refuse it with a 500).
    usable = [n for n in ids if n <= MAX_INT]
    found = list(db.session.scalars(select(Question).where(Question.id.in_(usable or [0]),
                                                           permissions.QUESTION.listed_clause())))
    missing = sorted(set(ids) - {q.id for q in found})
    return found, missing
