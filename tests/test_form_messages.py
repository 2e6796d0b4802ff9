"""A date or number the Hub cannot read gets one plain message by its field, never WTForms' 'Not a valid ... value.'"""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.formfields import DateMismatch, parse_date, parse_time
from champions.meetings.models import Action
from tests import factories
from tests import factories_meetings as fm
from tests import factories_questions as fq
from tests.pages import date_box_tag, date_boxes

pytestmark = pytest.mark.usefixtures("app")


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_practice_review_date_that_is_not_a_date(client, login_as):
    login_as("practitioner")
    page = _page(client.post("/practice/new", data={
        "title": "A clear title", "summary": "Summary.", "situation": "Situation.", "action": "Action.",
        "anonymised_confirmed": "y", "visibility": "staff", **date_boxes("review_due_on", ("31", "02", "2027"))}))
    assert "Enter the review date as a real date, for example 1 6 2027" in page
    assert "Not a valid" not in page
    assert 'value="A clear title"' in page
    assert 'value="31"' in date_box_tag(page, "review_due_on", "day")


def test_update_event_date_that_is_not_a_date(client, login_as):
    login_as("partner")
    page = _page(client.post("/updates/new", data={"title": "Carers' drop-in", "body": "Come along.",
                                                   **date_boxes("event_date", ("45", "13", "2027"))}))
    assert "Enter the event date as a real date, for example 3 3 2027" in page
    assert "Not a valid date" not in page
    assert 'value="45"' in date_box_tag(page, "event_date", "day")
    assert 'value="13"' in date_box_tag(page, "event_date", "month")


def test_close_as_duplicate_of_something_that_is_not_a_number(client, login_as):
    question = fq.question()
    db.session.commit()
    login_as("champion")
    page = _page(client.post(f"/questions/{question.id}/close", data={"reason": "duplicate", "duplicate_of": "abc"}))
    assert page.count("Enter the number of a question, for example 12") == 2  # in the summary and by the field
    assert "Not a valid integer" not in page
    assert "Enter the number of a question</" not in page  # no second message for the same mistake


@pytest.mark.parametrize("typed", [
    "2027-03-03", "3/3/2027", "03/03/2027", "3-3-2027", "3.3.2027", "3 March 2027", "3 Mar 2027", "3 mar. 2027",
    "Wednesday 3 March 2027", "wed, 3rd of March, 2027", "  3   MARCH   2027 ", "3-Mar-2027", "3 / 3 / 2027",
    "2027/03/03", "3/3/27",  # a two-digit year is this century
])
def test_dates_are_read_the_ways_people_in_the_uk_type_them(typed):
    assert parse_date(typed) == date(2027, 3, 3)


def test_day_comes_before_month():
    assert parse_date("4/3/2027") == date(2027, 3, 4)
    assert parse_date("1 Sept 2027") == date(2027, 9, 1)


@pytest.mark.parametrize("typed", [
    "31/02/2027", "2027-02-31", "03/13/2027",  # impossible, or month before day (US order)
    "March 3 2027", "3 March", "3 Marhc 2027", "0027-03-03", "3/3/027", "tomorrow", "",
])
def test_what_is_not_a_real_date_is_refused(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def test_a_weekday_that_does_not_match_says_which_day_it_is():
    with pytest.raises(DateMismatch, match="3 March 2027 is a Wednesday"):
        parse_date("Tuesday 3 March 2027")


@pytest.mark.parametrize("typed, expected", [
    ("14:30", time(14, 30)), ("2:30pm", time(14, 30)), ("2.30 pm", time(14, 30)), ("14.30", time(14, 30)),
    ("2 p.m.", time(14)), ("2PM", time(14)), ("9.05am", time(9, 5)), ("12pm", time(12)), ("12am", time(0)),
    ("1430", time(14, 30)), ("10:00:00", time(10)), ("midday", time(12)),
])
def test_times_are_read_the_ways_people_in_the_uk_type_them(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "10:75", "13pm", "14", "9", "half two", "2:3pm"])
def test_what_is_not_a_real_time_is_refused(typed):
    """A bare hour is refused too: 9 could be 9am or 9pm."""
    with pytest.raises(ValueError):
        parse_time(typed)


def _action_page(client, login_as, due_on, **extra):
    login_as("champion")
    meeting = fm.meeting()
    owner = factories.user("practitioner")
    db.session.commit()
    return client.post(f"/meetings/{meeting.id}/actions/new",
                       data={"what": "Chase the leaflet", "owner": owner.id, **date_boxes("due_on", due_on), **extra})


def test_action_due_date_with_the_month_as_a_word_is_saved(client, login_as):
    due = fm.today() + timedelta(days=10)
    response = _action_page(client, login_as, (str(due.day), f"{due:%B}", str(due.year)))
    assert response.status_code == 302
    assert db.session.scalar(select(Action)).due_on == due


def test_action_due_date_that_is_not_a_date_is_named_and_kept_as_typed(client, login_as):
    page = _page(_action_page(client, login_as, ("31", "02", "2027")))
    assert "Enter a real due date, for example 30 4 2027" in page
    for part, typed in (("day", "31"), ("month", "02"), ("year", "2027")):
        tag = date_box_tag(page, "due_on", part)
        assert f'value="{typed}"' in tag and 'type="text"' in tag and 'inputmode="numeric"' in tag
    assert "Chase the leaflet" in page
    assert db.session.scalar(select(Action)) is None


def test_date_messages_give_examples_as_people_write_dates(client, login_as):
    """Examples in messages match the hints ('30 4 2027'), not the form a date input sends."""
    page = _page(_action_page(client, login_as, ("soon", "", "")))
    assert "for example 20" not in page


@pytest.mark.parametrize("role, url", [("champion", "/meetings/new"), ("partner", "/updates/new"),
                                       ("practitioner", "/practice/new")])
def test_no_form_uses_the_browsers_date_or_time_picker(client, login_as, role, url):
    """Pickers show mm/dd/yyyy and a 12-hour clock in many browsers: dates are three boxes, times text."""
    login_as(role)
    page = _page(client.get(url))
    assert 'type="date"' not in page and 'type="time"' not in page
    assert 'inputmode="numeric"' in page and "For example, " in page


def test_action_form_has_date_boxes_in_a_fieldset(client, login_as):
    login_as("champion")
    meeting = fm.meeting()
    db.session.commit()
    page = _page(client.get(f"/meetings/{meeting.id}/actions/new"))
    assert '<legend class="fieldset__legend ">Due date <span class="label__optional">(optional)</span></legend>' in page
    assert "For example, 30 4 2027" in page
    assert all(f'name="due_on-{part}"' in page for part in ("day", "month", "year"))
    assert 'type="date"' not in page
