"""The personal-data guard also runs on Preview (issue 11 item 5), with the same warning as on posting."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from champions.extensions import db
from champions.questions.models import Answer, Question
from tests import factories_questions as fq

WARNING = "This looks like it contains a CHI number (‘1503721239’)"
BOX = "I confirm this is not about an identifiable person"
TEXT = "Her CHI 1503721239 is on the form"


def _preview_urls(question, answer):
    return [
        ("/questions/new", {"title": "Can a family member be a PA?", "body": TEXT, "visibility": "staff"}),
        (f"/questions/{question.id}/answers", {"body": TEXT}),
        (f"/questions/{question.id}/edit", {"title": question.title, "body": TEXT, "visibility": "staff"}),
        (f"/questions/answers/{answer.id}/edit", {"body": TEXT}),
    ]


@pytest.mark.parametrize("which", ["ask", "answer", "edit question", "edit answer"])
def test_preview_shows_the_personal_data_warning_and_saves_nothing(client, login_as, which):
    champion = login_as("champion")
    question = fq.question(author=champion)
    answer = fq.answer(question, author=champion)
    db.session.commit()
    counts = (db.session.scalar(select(func.count(Question.id))), db.session.scalar(select(func.count(Answer.id))))
    url, data = _preview_urls(question, answer)[["ask", "answer", "edit question", "edit answer"].index(which)]
    page = client.post(url, data={**data, "preview": "1"}).text
    assert WARNING in page and BOX in page
    assert "Preview of your" in page and "1503721239" in page  # the preview is still shown
    db.session.expire_all()
    assert (db.session.scalar(select(func.count(Question.id))), db.session.scalar(select(func.count(Answer.id)))) == counts
    assert TEXT not in (db.session.get(Question, question.id).body, db.session.get(Answer, answer.id).body)


def test_preview_of_clean_text_has_no_warning(client, login_as):
    login_as("practitioner")
    page = client.post("/questions/new", data={"title": "Can a family member be a PA?", "body": "Option 2 for £200",
                                                "visibility": "staff", "preview": "1"}).text
    assert "Preview of your details" in page and BOX not in page
