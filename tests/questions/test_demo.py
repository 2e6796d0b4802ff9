"""The demo questions seed cleanly, twice, and make the lists interesting."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from champions.auth import demo as auth_demo
from champions.extensions import db
from champions.questions import demo
from champions.questions.models import Question
from champions.timeutil import utcnow, working_days_between

pytestmark = pytest.mark.usefixtures("app")


def test_demo_seed_is_idempotent_and_varied():
    auth_demo.seed()
    demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()
    questions = db.session.scalars(select(Question)).all()
    assert len(questions) == len(demo.QUESTIONS) >= 25
    assert {q.status for q in questions} == {"open", "answered", "resolved"}
    assert any(q.flagged_for_meeting for q in questions)
    assert sum(q.visibility == "partners" for q in questions) >= 2
    waiting = [q for q in questions if not q.has_champion_answer]
    assert sum(working_days_between(q.created_at, utcnow()) > 5 for q in waiting) >= 3
    assert db.session.scalar(select(func.count()).select_from(Question).where(Question.answer_count > 0)) >= 10
