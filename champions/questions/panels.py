"""Home page panels: latest questions for everyone, the oldest waiting questions for champions."""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import or_, select

from champions import permissions
from champions.extensions import db
from champions.main.panels import Panel, home_panel
from champions.people.needs import home_counts
from champions.questions.models import Question
from champions.questions.queries import awaiting_champion_query, list_query
from champions.timeutil import utcnow, working_days_between

LATEST, OLDEST_WAITING = 5, 3


def _ids(query, limit: int):
    """The ids `query` lists first, as a subquery (its order kept by the LIMIT)."""
    return query.with_only_columns(Question.id).limit(limit).scalar_subquery()


def _home_questions(user) -> tuple[list[Question], list[Question]]:
    """(latest five, oldest three awaiting a champion) for the home page, in one query kept for the request.

    The panels show titles, states and dates only, so tags and authors are not loaded.
    """
    if has_request_context() and g.get("hub_home_questions", (None,))[0] == user.id:
        return g.hub_home_questions[1]
    latest = Question.id.in_(_ids(list_query(user, "latest"), LATEST))
    waiting = (Question.id.in_(_ids(awaiting_champion_query(user), OLDEST_WAITING))
               if permissions.is_champion(user) else None)
    query = select(Question, latest.label("latest"))
    if waiting is not None:
        query = query.add_columns(waiting.label("waiting")).where(or_(latest, waiting))
    else:
        query = query.where(latest)
    rows = db.session.execute(query).all()
    found = (sorted((row[0] for row in rows if row.latest), key=lambda q: (q.last_activity_at, q.id), reverse=True),
             sorted((row[0] for row in rows if waiting is not None and row.waiting), key=lambda q: (q.created_at, q.id)))
    if has_request_context():
        g.hub_home_questions = (user.id, found)
    return found


@home_panel(order=10)
def latest_questions(user):
    """The five questions with the latest activity that this person may see, and an Ask button."""
    return Panel("questions/_home_panel.html", {"questions": _home_questions(user)[0]})


@home_panel(order=11)
def awaiting_champion(user):
    """For champions: how many questions wait for a champion's answer, the oldest three first."""
    if not permissions.is_champion(user):
        return None
    total = home_counts(user).get("awaiting", 0)  # counted with "Needs you", from the same query
    if not total:
        return None
    now = utcnow()
    waiting = [(q, working_days_between(q.created_at, now)) for q in _home_questions(user)[1]]
    return Panel("questions/_awaiting_panel.html", {"total": total, "waiting": waiting})
