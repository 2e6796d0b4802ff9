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
