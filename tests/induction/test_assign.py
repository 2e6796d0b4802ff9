"""A new module never silently un-completes an induction: a champion sees who it affects and chooses who takes it."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from champions.extensions import db
from champions.induction import cli, progress
from champions.induction.models import Assignment, Module
from champions.notifications.models import Notification
from tests import factories
from tests import factories_induction as make


def _assignment(user) -> Assignment:
    db.session.expire_all()
    return db.session.scalar(select(Assignment).where(Assignment.user_id == user.id))


@pytest.fixture
def learners(client, login_as):
    """One published module; a learner who completed it, one in progress, and one overdue who has not started."""
    first = make.module("The four options", lessons=2)
    done, going, late = (factories.user(role="practitioner", display_name=name)
                         for name in ("Dana Done", "Gus Going", "Lee Late"))
    db.session.commit()
    for person, lessons in ((done, first.lessons), (going, first.lessons[:1])):
        login_as(person)
        for lesson in lessons:
            assert client.post(f"/induction/modules/{first.id}/lessons/{lesson.id}/complete").status_code == 302
    for person in (done, late):  # both were due yesterday: only the one who finished is not overdue
        _assignment(person).due_on = progress.today() - timedelta(days=1)
    db.session.commit()
    assert _assignment(done).completed_at is not None
    return done, going, late


def _learner_page(client, login_as, person, url="/induction/") -> str:
    login_as(person)
    return client.get(url).text


def test_a_module_published_later_leaves_a_completed_induction_complete(client, login_as, learners):
    done, going, late = learners
    make.module("Budgets", position=2, lessons=1)  # published by any route, with no choice made
    db.session.commit()
    page = _learner_page(client, login_as, done)
    assert "1 of 1 modules completed" in page and "Your induction is complete" in page and "Overdue" not in page
    assert "Other modules" in page and "Budgets" in page  # offered, not required
    statement = _learner_page(client, login_as, done, "/induction/statement")
    assert "Statement of completion" in statement and "The four options" in statement
    assert "Overdue" in _learner_page(client, login_as, late) and "0 of 2 modules completed" in _learner_page(client, login_as, late)
    assert "0 of 2 modules completed" in _learner_page(client, login_as, going)
    login_as("champion")
    report = client.get("/induction/report?status=completed").text
    assert "Dana Done" in report and "Lee Late" not in report
    assert "Dana Done" not in client.get("/induction/report?status=overdue").text
    assert cli.send_reminders() == (0, 1)  # only the overdue learner who has not finished
    reminded = set(db.session.scalars(select(Notification.user_id)))
    assert reminded == {late.id}


def test_champion_sees_who_a_new_module_affects_and_keeps_completed_inductions_complete(client, login_as, learners):
    done, going, late = learners
    draft = make.module("Budgets", status="draft", position=2, lessons=1)
    db.session.commit()
    login_as("champion")  # a champion is staff too: their own induction is not started
    summary = "reopens 1 completed and 3 in-progress inductions (1 of them overdue, 1 not started)"
    assert summary in client.get(f"/induction/manage/modules/{draft.id}").text
    page = client.get(f"/induction/manage/modules/{draft.id}/assign").text
    assert summary in page and "Dana Done" in page
    assert "Only people who have not finished their induction: the 1 completed induction stays complete" in page
    response = client.post(f"/induction/manage/modules/{draft.id}/assign", data={"scope": "unfinished", "due_on": ""})
    assert response.status_code == 302
    assert "Completed inductions stay complete" in client.get(response.headers["Location"]).text
    assert db.session.get(Module, draft.id).status == "published"
    assert "1 of 1 modules completed" in _learner_page(client, login_as, done)
    assert "Statement of completion" in _learner_page(client, login_as, done, "/induction/statement")
    assert "0 of 2 modules completed" in _learner_page(client, login_as, going)
    late_page = _learner_page(client, login_as, late)
    assert "0 of 2 modules completed" in late_page and "Overdue" in late_page  # keeps their due date
    assert _assignment(done).completed_at is not None and _assignment(done).reopened_at is None


def test_assigning_to_everyone_reopens_completed_inductions_with_a_new_due_date(client, login_as, learners):
    done, going, late = learners
    draft = make.module("Budgets", status="draft", position=2, lessons=1)
    db.session.commit()
    first_completed = _assignment(done).completed_at
    late_due, going_due = _assignment(late).due_on, _assignment(going).due_on
    new_due = progress.today() + timedelta(days=14)
    login_as("champion")
    response = client.post(f"/induction/manage/modules/{draft.id}/assign",
                           data={"scope": "everyone", "due_on": new_due.isoformat()})
    assert response.status_code == 302
    assert "1 completed induction was reopened" in client.get(response.headers["Location"]).text
    reopened = _assignment(done)
    assert reopened.completed_at is None and reopened.previous_completed_at == first_completed
    assert reopened.due_on == new_due
    assert (_assignment(late).due_on, _assignment(going).due_on) == (late_due, going_due)
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == done.id)).all()
    assert titles and "Budgets" in titles[0]
    page = _learner_page(client, login_as, done)
    assert "1 of 2 modules completed" in page and "Overdue" not in page
    assert f"Due by {new_due.day} {new_due:%B %Y}" in page and "You completed your induction on" in page
    statement = _learner_page(client, login_as, done, "/induction/statement")
    assert "Your statement will be ready" in statement and "You completed your induction on" in statement
    login_as("champion")
    assert "Dana Done" in client.get("/induction/report?status=in_progress").text
    soon, overdue = cli.send_reminders(progress.today() + timedelta(days=10))
    assert done.id in set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "induction_due_soon")))


def test_assigning_to_everyone_needs_a_due_date_and_keeps_the_choice(client, login_as, learners):
    draft = make.module("Budgets", status="draft", position=2, lessons=1)
    db.session.commit()
    login_as("champion")
    response = client.post(f"/induction/manage/modules/{draft.id}/assign", data={"scope": "everyone", "due_on": ""})
    page = response.text
    assert response.status_code == 400
    assert "There is a problem" in page and "Enter the new due date for the inductions it reopens" in page
    assert re.search(r'<input checked[^>]*value="everyone"', page)
    past = (progress.today() - timedelta(days=3)).isoformat()
    page = client.post(f"/induction/manage/modules/{draft.id}/assign", data={"scope": "everyone", "due_on": past}).text
    assert "The due date must be today or in the future" in page
    assert db.session.get(Module, draft.id).status == "draft"
    assert _assignment(learners[0]).completed_at is not None


def test_publish_button_on_a_draft_goes_to_the_choice_when_someone_has_finished(client, login_as, learners):
    draft = make.module("Budgets", status="draft", position=2, lessons=1)
    db.session.commit()
    login_as("champion")
    response = client.post(f"/induction/manage/modules/{draft.id}/publish")
    assert response.headers["Location"].endswith(f"/induction/manage/modules/{draft.id}/assign")
    assert db.session.get(Module, draft.id).status == "draft"


def test_published_module_can_be_assigned_later_to_people_who_had_finished(client, login_as, learners):
    done = learners[0]
    later = make.module("Budgets", position=2, lessons=1)
    db.session.commit()
    login_as("champion")
    assert "Not part of 1 completed induction" in client.get(f"/induction/manage/modules/{later.id}").text
    due = progress.today() + timedelta(days=7)
    client.post(f"/induction/manage/modules/{later.id}/assign", data={"scope": "everyone", "due_on": due.isoformat()})
    assert _assignment(done).completed_at is None and _assignment(done).due_on == due
    response = client.get(f"/induction/manage/modules/{later.id}/assign")
    assert response.status_code == 302  # nobody left to assign it to


def test_finished_but_never_stamped_induction_is_not_reopened_by_publishing_for_unfinished(client, login_as):
    """Someone who finished every module before completion dates were stamped keeps their completion."""
    first = make.module("The four options", lessons=1)
    person = factories.user(role="practitioner")
    db.session.commit()
    login_as(person)
    client.post(f"/induction/modules/{first.id}/lessons/{first.lessons[0].id}/complete")
    _assignment(person).completed_at = None
    db.session.commit()
    draft = make.module("Budgets", status="draft", position=2, lessons=1)
    db.session.commit()
    login_as("champion")
    client.post(f"/induction/manage/modules/{draft.id}/assign", data={"scope": "unfinished"})
    assert _assignment(person).completed_at is not None
    assert "1 of 1 modules completed" in _learner_page(client, login_as, person)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_reopening_says_which_other_modules_the_reopened_inductions_now_ask_for(client, login_as, learners):
    """A module published only for the unfinished earlier is part of a reopened induction too: say so, to both."""
    done, going, late = learners
    login_as("champion")
    carers = make.module("Carers and SDS", status="draft", position=2, lessons=1)
    budgets = make.module("Budgets", status="draft", position=3, lessons=1)
    db.session.commit()
    client.post(f"/induction/manage/modules/{carers.id}/assign", data={"scope": "unfinished", "due_on": ""})
    page = client.get(f"/induction/manage/modules/{budgets.id}/assign").text
    assert "A reopened induction also asks for “Carers and SDS”, which those people have not completed." in page
    due = progress.today() + timedelta(days=14)
    client.post(f"/induction/manage/modules/{budgets.id}/assign", data={"scope": "everyone", "due_on": due.isoformat()})
    title = db.session.scalar(select(Notification.title).where(Notification.user_id == done.id))
    assert "Budgets" in title and "Carers and SDS" in title
    assert "1 of 3 modules completed" in _learner_page(client, login_as, done)
