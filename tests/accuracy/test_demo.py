"""The demo has one endorsed answer checked by a champion."""
from __future__ import annotations

from sqlalchemy import select

from champions.accuracy import demo
from champions.accuracy.models import ContentCheck
from champions.auth import demo as accounts
from champions.extensions import db
from champions.questions import demo as questions


def test_demo_checks_one_endorsed_answer_and_is_safe_to_run_again(client, login_as):
    accounts.seed()
    questions.seed()
    db.session.commit()
    demo.seed()
    demo.seed()
    db.session.commit()
    checks = db.session.scalars(select(ContentCheck)).all()
    assert len(checks) == 1 and checks[0].checked_at is not None
