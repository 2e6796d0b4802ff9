"""The demo seed for practice examples and partner updates: content as described, safe to run twice."""
from __future__ import annotations

from sqlalchemy import func, select

from champions.extensions import db
from champions.practice.models import PracticeExample
from champions.updates.models import Update


def test_seed_demo_twice(runner, demo):
    assert "Demo content is ready." in runner.invoke(args=["seed-demo"]).output  # the second time
    assert db.session.scalar(select(func.count()).select_from(PracticeExample)) == 12
    statuses = dict(db.session.execute(select(PracticeExample.status, func.count()).group_by(PracticeExample.status)).all())
    assert statuses["submitted"] == 1 and statuses["returned"] == 1 and statuses["published"] >= 8
    assert db.session.scalar(select(func.count()).select_from(Update)) == 12
    assert db.session.scalar(select(func.count()).select_from(Update).where(Update.pinned.is_(True))) == 1


def test_the_demo_draft_is_its_authors_alone(demo, client, login_as):
    """The demo gym-membership draft: its author finds and opens it; champions and admins do neither."""
    from champions.auth.models import User

    draft = db.session.scalar(select(PracticeExample).where(PracticeExample.status == "draft"))
    assert draft.title == "Flexible spend on a gym membership"
    for email in ("champion@example.org", "admin@example.org"):
        login_as(User.by_email(email))
        assert client.get(f"/practice/{draft.id}").status_code == 404
        assert draft.title not in client.get("/search/?q=stroke").text
    login_as(User.by_email("practitioner@example.org"))
    assert client.get(f"/practice/{draft.id}").status_code == 200
    assert f"Draft: {draft.title}" in client.get("/search/?q=stroke").text
