"""Closing as a duplicate: the target is found by its title, and its title is shown only to those who may see it."""
from __future__ import annotations

import html
import re

import pytest

from champions.extensions import db
from champions.questions.models import Question
from tests import factories_questions as fq
from tests.pages import input_tag

pytestmark = pytest.mark.usefixtures("app")


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_question_shared_with_partners_cannot_be_closed_as_a_duplicate_of_a_staff_only_one(client, login_as):
    staff_only = fq.question(title="Paying a family member from the budget", visibility="staff")
    shared = fq.question(title="Can a family member be a PA?", visibility="partners")
    db.session.commit()
    login_as("champion")
    page = _text(client.post(f"/questions/{shared.id}/close",
                             data={"reason": "duplicate", "duplicate_of": str(staff_only.id)}))
    assert "There is a problem" in page
    assert "‘Paying a family member from the budget’ is seen only by all staff, and this question by staff and partners" in page
    assert "checked" in input_tag(page, "reason")  # "Duplicate", the first choice, is still chosen
    assert db.session.get(Question, shared.id).closed_reason == ""


def test_a_duplicate_link_is_shown_only_to_people_who_may_see_the_other_question(client, login_as):
    target = fq.question(title="Budgets for short breaks explained", visibility="partners")
    closed = fq.question(title="Short break budgets?", visibility="partners", closed_reason="duplicate")
    closed.duplicate_of_id = target.id
    # Closed before the check existed: pointing at a staff-only question.
    staff_only = fq.question(title="Staff guidance on respite budgets", visibility="staff")
    older = fq.question(title="Respite budget question", visibility="partners", closed_reason="duplicate",
                        duplicate_of_id=staff_only.id)
    db.session.commit()
    login_as("partner")
    assert "Budgets for short breaks explained" in _text(client.get(f"/questions/{closed.id}"))
    page = _text(client.get(f"/questions/{older.id}"))
    assert "Closed" in page and "duplicate of another question" in page
    assert "Staff guidance on respite budgets" not in page and f"/questions/{staff_only.id}" not in page
    target.hidden, target.hidden_reason = True, "Out of date"  # hidden after the other was closed
    db.session.commit()
    page = _text(client.get(f"/questions/{closed.id}"))
    assert "Budgets for short breaks explained" not in page and f"/questions/{target.id}\"" not in page
    login_as("champion")
    assert "Budgets for short breaks explained" in _text(client.get(f"/questions/{closed.id}"))


def test_the_champion_finds_the_other_question_by_its_title_without_javascript(client, login_as):
    shared = fq.question(title="Can a direct payment pay a neighbour?", visibility="partners")
    match = fq.question(title="Direct payments to neighbours and friends", visibility="partners")
    staff_only = fq.question(title="Direct payments: staff-only checklist for neighbours", visibility="staff")
    hidden = fq.question(title="Direct payments for neighbours (hidden)", visibility="partners", hidden=True)
    fq.question(title="Short breaks for carers", visibility="partners")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/questions/{shared.id}/close", data={
        "reason": "duplicate", "find": "direct neighbour", "find_titles": "1"})
    page = _text(response)
    assert response.status_code == 200 and "There is a problem" not in page
    assert "Direct payments to neighbours and friends" in page
    offered = re.findall(r'<input[^>]*name="duplicate_choice"[^>]*value="(\d+)"', page)
    assert offered == [str(match.id)]  # not the staff-only or hidden ones, nor the question itself
    assert staff_only.id and hidden.id
    assert "Short breaks for carers" not in page
    assert 'value="direct neighbour"' in input_tag(page, "find")  # the search is kept
    assert db.session.get(Question, shared.id).closed_reason == ""  # searching closes nothing
    client.post(f"/questions/{shared.id}/close", data={
        "reason": "duplicate", "find": "direct neighbour", "duplicate_choice": str(match.id)})
    closed = db.session.get(Question, shared.id)
    assert closed.closed_reason == "duplicate" and closed.duplicate_of_id == match.id
    assert "Direct payments to neighbours and friends" in _text(client.get(f"/questions/{shared.id}"))


def test_a_title_search_with_no_match_says_so_and_keeps_what_was_typed(client, login_as):
    question = fq.question(title="Can a PA drive the person's car?")
    db.session.commit()
    login_as("champion")
    page = _text(client.post(f"/questions/{question.id}/close", data={
        "reason": "duplicate", "find": "zebra crossings", "find_titles": "1"}))
    assert "has ‘zebra crossings’ in its title" in page
    page = _text(client.post(f"/questions/{question.id}/close", data={"reason": "duplicate", "find_titles": "1"}))
    assert "Enter words from the title to search for" in page


@pytest.mark.parametrize("typed", ["{id}", "#{id}", "http://localhost/questions/{id}", "/questions/{id}#answers"])
def test_the_other_question_can_still_be_given_by_its_number_or_web_address(client, login_as, typed):
    original = fq.question(title="The original question about short breaks")
    question = fq.question()
    db.session.commit()
    login_as("champion")
    # Enter in the number box presses the first button, "Search titles": with no search typed it closes.
    client.post(f"/questions/{question.id}/close", data={
        "reason": "duplicate", "duplicate_of": typed.format(id=original.id), "find_titles": "1"})
    assert db.session.get(Question, question.id).duplicate_of_id == original.id
