"""Improvement actions join the meetings' actions tracker, seen by those who may read the evaluation."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.meetings.models import Action
from champions.selfeval.models import ImprovementAction
from tests import factories
from tests import factories_meetings as fm
from tests import factories_selfeval as fs
from tests.pages import date_boxes


def test_an_improvement_action_joins_the_tracker_with_where_it_was_raised(client, login_as):
    cora = login_as("practitioner", display_name="Cora Contributor")
    evaluation = fs.evaluation(contributors=[cora], title="North Team, March 2027")
    standard = evaluation.standards[0]
    fm.action(fm.meeting(title="March meeting"), what="A meeting action")
    db.session.commit()
    url = f"/self-evaluation/{evaluation.id}/standards/{standard.id}/actions/new"
    due = fm.today() + timedelta(days=60)
    page = client.post(url, data={"what": "", "owner": ""}).get_data(as_text=True)
    assert "Describe the action" in page and "Choose who owns this action" in page
    response = client.post(url, data={"what": "Audit ten support plans", "owner": cora.id, **date_boxes("due_on", due)})
    assert response.status_code == 302
    action = db.session.scalar(select(Action).where(Action.meeting_id.is_(None)))
    assert action.what == "Audit ten support plans" and action.owner_id == cora.id and action.due_on == due
    assert db.session.scalar(select(ImprovementAction)).standard_id == standard.id
    tracker = client.get("/meetings/actions?mine=1").get_data(as_text=True)
    assert "Audit ten support plans" in tracker and f"North Team, March 2027: {standard.name}" in tracker
    assert "Audit ten support plans" in client.get("/").get_data(as_text=True)  # the home panel's open actions
    assert client.post(f"/meetings/actions/{action.id}/done").status_code == 302
    db.session.refresh(action)
    assert action.is_done


def test_the_owner_must_be_able_to_read_the_evaluation(client, login_as):
    cora = login_as("practitioner")
    outsider = factories.user("practitioner", display_name="Otto Outsider")
    evaluation = fs.evaluation(contributors=[cora])
    db.session.commit()
    url = f"/self-evaluation/{evaluation.id}/standards/{evaluation.standards[0].id}/actions/new"
    page = client.post(url, data={"what": "Do it", "owner": outsider.id}).get_data(as_text=True)
    assert "The owner cannot read this evaluation yet" in page
    assert db.session.scalar(select(Action)) is None


def test_people_who_may_not_read_the_evaluation_do_not_see_its_actions(client, login_as):
    cora = factories.user("practitioner")
    evaluation = fs.evaluation(contributors=[cora])
    action = Action(what="Secret improvement", owner_id=cora.id)
    db.session.add(ImprovementAction(standard=evaluation.standards[0], action=action))
    db.session.commit()
    login_as("practitioner")
    assert "Secret improvement" not in client.get("/meetings/actions").get_data(as_text=True)
    assert client.post(f"/meetings/actions/{action.id}/done").status_code == 404
    login_as(cora)
    assert "Secret improvement" in client.get("/meetings/actions").get_data(as_text=True)
    login_as("champion")
    assert "Secret improvement" in client.get("/meetings/actions").get_data(as_text=True)
