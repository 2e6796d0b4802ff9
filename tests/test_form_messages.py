"""A date or number the Hub cannot read gets one plain message by its field, never WTForms' 'Not a valid ... value.'"""
from __future__ import annotations

import pytest

from champions.extensions import db
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_practice_review_date_that_is_not_a_date(client, login_as):
    login_as("practitioner")
    page = _page(client.post("/practice/new", data={
        "title": "A clear title", "summary": "Summary.", "situation": "Situation.", "action": "Action.",
        "anonymised_confirmed": "y", "visibility": "staff", "review_due_on": "31/02/2027"}))
    assert "Enter the review date as a real date, for example 2027-06-01" in page
    assert "Not a valid" not in page
    assert 'value="A clear title"' in page


def test_update_event_date_that_is_not_a_date(client, login_as):
    login_as("partner")
    page = _page(client.post("/updates/new", data={"title": "Carers' drop-in", "body": "Come along.",
                                                   "event_date": "2027-13-45"}))
    assert "Enter the event date as a real date, for example 2027-03-03" in page
    assert "Not a valid date" not in page


def test_close_as_duplicate_of_something_that_is_not_a_number(client, login_as):
    question = fq.question()
    db.session.commit()
    login_as("champion")
    page = _page(client.post(f"/questions/{question.id}/close", data={"reason": "duplicate", "duplicate_of": "abc"}))
    assert page.count("Enter the number of a question, for example 12") == 2  # in the summary and by the field
    assert "Not a valid integer" not in page
    assert "Enter the number of a question</" not in page  # no second message for the same mistake
