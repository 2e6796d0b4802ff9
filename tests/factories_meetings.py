"""Factories for meetings, agenda items, issues, actions and questions to link. Add and flush, never commit."""
from __future__ import annotations

import itertools
from datetime import date, time, timedelta

from champions.extensions import db
from champions.meetings.models import (Action, AgendaItem, IssueIdentified, Meeting, MeetingAttendee,
                                       StandingUpdate, default_title)
from champions.timeutil import to_local, utcnow
from tests import factories

_seq = itertools.count(1)


def today() -> date:
    return to_local(utcnow()).date()


def meeting(day: date | None = None, status: str = "published", visibility: str = "staff",
            start: time = time(10, 0), end: time = time(12, 0), attendees=(), **kwargs) -> Meeting:
    """A meeting (published to staff unless told otherwise), by default a week ago."""
    day = day or today() - timedelta(days=7)
    item = Meeting(title=kwargs.pop("title", default_title(day)), status=status, visibility=visibility,
                   published_at=utcnow() if status == "published" else None, **kwargs)
    item.set_times(day, start, end)
    for person in attendees:
        item.attendees.append(MeetingAttendee(user_id=person.id))
    db.session.add(item)
    db.session.flush()
    return item


def agenda_item(meeting_: Meeting, title: str = "Finance update", notes: str = "", kind: str = "free",
                questions=(), **kwargs) -> AgendaItem:
    """An agenda item with notes."""
    from champions.markdown import render

    position = len(meeting_.items) + 1
    item = AgendaItem(meeting=meeting_, title=title, kind=kind, notes=notes, notes_html=str(render(notes)),
                      position=position, **kwargs)
    item.questions.extend(questions)
    db.session.add(item)
    db.session.flush()
    return item


def issue(meeting_: Meeting, text: str = "Guidance on paying family members is unclear", questions=()):
    """An issue identified."""
    item = IssueIdentified(meeting=meeting_, text=text, text_html=f"<p>{text}</p>", questions=list(questions))
    db.session.add(item)
    db.session.flush()
    return item


def action(meeting_: Meeting | None = None, owner=None, what: str = "Ask finance about audit returns",
           due_on: date | None = None, status: str = "open", **kwargs) -> Action:
    """An action raised at a meeting."""
    item = Action(meeting=meeting_ or meeting(), owner_id=(owner or factories.user(role="champion")).id,
                  what=what, due_on=due_on, status=status, **kwargs)
    db.session.add(item)
    db.session.flush()
    return item


def standing_update(title: str | None = None, **kwargs) -> StandingUpdate:
    """A regular update."""
    item = StandingUpdate(title=title or f"Update {next(_seq)}", **kwargs)
    db.session.add(item)
    db.session.flush()
    return item


def question(title: str | None = None, author=None, visibility: str = "staff", days_ago: int = 0, **kwargs):
    """A question from the questions feature, asked days_ago."""
    from champions.questions.models import Question

    created = utcnow() - timedelta(days=days_ago)
    item = Question(title=title or f"How do I arrange respite? {next(_seq)}",
                    author_id=(author or factories.user()).id, visibility=visibility,
                    created_at=created, last_activity_at=created, **kwargs)
    db.session.add(item)
    db.session.flush()
    return item
