"""The demo induction seeds five modules and people at every stage, and is safe to run twice."""
from __future__ import annotations

from sqlalchemy import func, select

from champions.auth import demo as auth_demo
from champions.auth.models import User
from champions.extensions import db
from champions.induction import demo, progress
from champions.induction.models import Assignment, Module
from champions.induction.report import report_rows


def test_demo_seed_is_idempotent_and_realistic(app):
    auth_demo.seed()
    demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()
    modules = db.session.scalars(select(Module).order_by(Module.position)).all()
    assert len(modules) == 5 and all(m.is_published and m.version == 1 for m in modules)
    assert all(2 <= len(m.lessons) <= 4 and 3 <= len(m.questions) <= 4 for m in modules)
    assert "£400" in modules[3].lessons[1].body
    newstarter = User.by_email("newstarter@example.org")
    view = progress.overview(newstarter)
    assert [s.status for s in view.states][:2] == ["completed", "in_progress"]
    assert view.completed == 1
    assert db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.user_id == User.by_email("practitioner@example.org").id)) == 1
    statuses = {r.user.email: r.status for r in report_rows()}
    assert statuses["jamie.reid@example.org"] == "completed"
    assert statuses["morven.hay@example.org"] == "in_progress"
    assert statuses["callum.fraser@example.org"] == "overdue"
    assert statuses["newstarter@example.org"] == "in_progress"
