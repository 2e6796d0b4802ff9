"""The demo seed: six months of meetings and the next one, safe to run twice."""
from __future__ import annotations

from sqlalchemy import func, select

from champions.auth import demo as auth_demo
from champions.extensions import db
from champions.meetings import demo
from champions.meetings.models import Action, Meeting, StandingUpdate
from tests import factories_meetings as fm


def test_seed_is_idempotent_and_varied(app):
    auth_demo.seed()
    fm.question(title="Can a direct payment pay for a holiday?")
    demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.date)).all()
    assert len(meetings) == 7
    assert {m.visibility for m in meetings[:6]} == {"staff", "partners", "champions"}
    assert all(m.is_published for m in meetings) and meetings[-1].date >= fm.today()
    assert db.session.scalar(select(func.count()).select_from(StandingUpdate)) == 3
    actions = db.session.scalars(select(Action)).all()
    assert any(a.is_done for a in actions) and any(a.is_overdue() for a in actions)
    assert any(a.status == "open" and not a.is_overdue() for a in actions)
    finance = meetings[0].agenda[0]
    assert finance.title == "Finance update" and "audit returns" in finance.notes
    assert any(item.questions for m in meetings for item in m.agenda)
