"""Review fixes for meetings: odd input and permission edges."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.meetings.models import AgendaItem, IssueIdentified
from tests import factories_meetings as fm

HUGE = "99999999999999999999999"


def _draft():
    return fm.meeting(day=fm.today() + timedelta(days=10), status="draft")


def test_huge_question_number_when_linking_is_a_form_error(client, login_as):
    login_as("champion")
    meeting = _draft()
    item = fm.agenda_item(meeting)
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/items/{item.id}/questions", data={"question": HUGE})
    assert response.status_code == 200
    assert f"No question with the number {HUGE}" in response.get_data(as_text=True)


def test_huge_question_number_in_an_issue_is_a_form_error(client, login_as):
    login_as("champion")
    meeting = _draft()
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/issues/new", data={"text": "Unclear guidance", "questions": HUGE})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"No question with the number {HUGE}" in page
    assert "Unclear guidance" in page
    assert db.session.scalar(select(IssueIdentified)) is None


@pytest.mark.parametrize("ref", [HUGE, "²", "-1"])
@pytest.mark.parametrize("kind", ["flagged_question", "previous_action", "standing_update"])
def test_odd_suggestion_numbers_are_no_longer_available(client, login_as, kind, ref):
    login_as("champion")
    meeting = _draft()
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/agenda/add", data={"kind": kind, "ref": ref},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "That suggestion is no longer available." in response.get_data(as_text=True)
    assert db.session.scalar(select(AgendaItem)) is None


@pytest.mark.parametrize("tab", ["open", "overdue", "done"])
def test_actions_list_takes_the_same_number_of_queries_for_more_rows(client, login_as, count_queries, tab):
    from tests import factories

    login_as("champion")

    def add(n):
        for _ in range(n):
            owner = factories.user(role="practitioner")
            meeting = fm.meeting(day=fm.today() - timedelta(days=40))
            fm.action(meeting, owner=owner, due_on=fm.today() - timedelta(days=1))
            fm.action(meeting, owner=owner, status="done", done_on=fm.today())
        db.session.commit()

    def count():
        with count_queries() as counter:
            assert client.get(f"/meetings/actions?tab={tab}").status_code == 200
        return counter.count

    add(2)
    few = count()
    add(8)
    assert count() == few
