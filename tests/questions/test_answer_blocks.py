"""The question page keeps each answer's HTML (champions.questions.blocks): every reader still sees their own
controls, and a change to an answer shows at once."""
from __future__ import annotations

import re

import pytest

from champions.extensions import db
from champions.markdown import render
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _page(client, question) -> str:
    return client.get(f"/questions/{question.id}").get_data(as_text=True)


def test_each_reader_sees_their_own_controls_after_others_opened_the_page(client, login_as):
    writer = factories.user("practitioner")
    question = fq.question()
    answer = fq.answer(question, writer)
    champion = factories.user("champion")
    reader = factories.user("practitioner")
    db.session.commit()
    for _ in range(2):  # the second round is served from what the first kept
        login_as(champion)
        page = _page(client, question)
        assert "Endorse" in page and f"/questions/answers/{answer.id}/hide" in page
        login_as(reader)
        page = _page(client, question)
        assert "This helped me" in page and "Endorse" not in page and f"/answers/{answer.id}/hide" not in page
        login_as(writer)
        page = _page(client, question)
        assert f"/questions/answers/{answer.id}/withdraw" in page and "This helped me" not in page


def test_a_change_to_an_answer_shows_at_once(client, login_as):
    writer = factories.user("practitioner")
    question = fq.question()
    answer = fq.answer(question, writer, body="The first words.")
    reader = login_as("practitioner")
    assert "The first words." in _page(client, question)
    answer.body, answer.body_html = "Better words.", str(render("Better words."))
    db.session.commit()
    page = _page(client, question)
    assert "Better words." in page and "The first words." not in page
    client.post(f"/questions/answers/{answer.id}/helpful")
    assert "Remove my helpful mark" in _page(client, question)
    answer.hidden, answer.hidden_reason = True, "Off topic"
    db.session.commit()
    assert "Better words." not in _page(client, question)
    login_as(writer)
    page = _page(client, question)
    assert "This answer is hidden: only you and the SDS Champions can see it. Reason: Off topic" in page
    assert reader.id != writer.id


@pytest.mark.usefixtures("csrf_enabled")
def test_kept_buttons_carry_the_readers_own_token(app):
    question = fq.question()
    fq.answer(question)
    tokens = []
    for person in (factories.user("practitioner"), factories.user("practitioner")):  # each in their own browser
        db.session.commit()
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["_user_id"], session["_fresh"] = person.get_id(), True
        db.session.commit()
        page = _page(browser, question)
        found = set(re.findall(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page))
        assert len(found) == 1 and "This helped me" in page
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]  # the second person's page was served from the block kept for the first
