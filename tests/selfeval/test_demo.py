"""The demo seed: two teams against five standards, one of them twice, with evidence and actions."""
from __future__ import annotations

from sqlalchemy import func, select

from champions.auth.models import User
from champions.extensions import db
from champions.meetings.models import Action
from champions.selfeval.models import Evidence, SelfEvaluation


def test_seed_demo_twice_gives_two_teams_one_evaluated_twice(demo, runner, client, login_as):
    assert "Demo content is ready." in runner.invoke(args=["seed-demo"]).output  # the second time
    evaluations = db.session.scalars(select(SelfEvaluation).order_by(SelfEvaluation.published_at)).all()
    assert len(evaluations) == 3 and all(len(e.standards) == 5 for e in evaluations)
    assert len({e.scope_key for e in evaluations}) == 2
    autumn = next(e for e in evaluations if e.title == "North Locality Team, autumn")
    assert autumn.previous.title == "North Locality Team, spring"
    linked = db.session.scalars(select(Evidence.kind).where(Evidence.kind != "text")).all()
    assert "practice_example" in linked and "question" in linked
    assert db.session.scalar(select(func.count()).select_from(Action).where(Action.meeting_id.is_(None), Action.workshop_id.is_(None))) == 4
    login_as(User.by_email("practitioner@example.org"))
    page = client.get(f"/self-evaluation/{autumn.id}").get_data(as_text=True)
    assert "Up 1 (3 to 4)" in page and "Recording outcomes in the person&#39;s own words" in page
    login_as(User.by_email("champion@example.org"))
    page = client.get("/self-evaluation/partnership").get_data(as_text=True)
    assert "North Locality Team" in page and "South Locality Team" in page and "Thin evidence" in page
