"""Home page panels: latest questions for everyone, the oldest waiting questions for champions."""
from __future__ import annotations

from champions import permissions
from champions.extensions import db
from champions.main.panels import Panel, home_panel
from champions.people.needs import home_counts
from champions.questions.queries import awaiting_champion_query, list_query
from champions.timeutil import utcnow, working_days_between


@home_panel(order=10)
def latest_questions(user):
    """The five questions with the latest activity that this person may see, and an Ask button."""
    questions = db.session.scalars(list_query(user, "latest").limit(5)).unique().all()
    return Panel("questions/_home_panel.html", {"questions": questions})


@home_panel(order=11)
def awaiting_champion(user):
    """For champions: how many questions wait for a champion's answer, the oldest three first."""
    if not permissions.is_champion(user):
        return None
    query = awaiting_champion_query(user)
    total = home_counts(user).get("awaiting", 0)  # counted with "Needs you", from the same query
    if not total:
        return None
    oldest = db.session.scalars(query.limit(3)).unique().all()
    now = utcnow()
    waiting = [(q, working_days_between(q.created_at, now)) for q in oldest]
    return Panel("questions/_awaiting_panel.html", {"total": total, "waiting": waiting})
