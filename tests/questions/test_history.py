"""A question's or answer's history: what changed, a page at a time, and only versions the reader was meant to see."""
from __future__ import annotations

import pytest

from champions import textdiff
from champions.extensions import db
from champions.questions import service
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")
TITLE = "How do we pay a personal assistant under option 1?"
REMOVED = '<del class="diff-removed"><span class="visually-hidden">[removed: </span>'
ADDED = '<ins class="diff-added"><span class="visually-hidden">[added: </span>'


def _edit(question, editor, body, visibility=None):
    service.edit_question(question, editor, question.title, body, [], visibility)
    db.session.commit()


def test_a_rewritten_phrase_reads_as_one_change(client, login_as):
    asker = factories.user("practitioner")
    question = fq.question(asker, title=TITLE, body="The council pays the carer weekly.")
    _edit(question, asker, "A provider pays the carer weekly.")
    login_as("practitioner")
    page = client.get(f"/questions/{question.id}/history").get_data(as_text=True)
    assert f"{REMOVED}The council<" in page and f"{ADDED}A provider<" in page


def test_a_long_history_is_shown_ten_versions_a_page(client, login_as):
    asker = factories.user("practitioner")
    question = fq.question(asker, title=TITLE, body="Version text 1")
    for number in range(2, 13):
        _edit(question, asker, f"Version text {number}")
    login_as("practitioner")
    first = client.get(f"/questions/{question.id}/history").get_data(as_text=True)
    assert "12 versions" in first and "Page 1 of 2" in first
    assert "Version 12<" in first and "Version 3<" in first and "Version 2<" not in first
    # The oldest version on the page is compared with the one before it, on the next page.
    assert f"{REMOVED}2<" in first and f"{ADDED}3<" in first
    second = client.get(f"/questions/{question.id}/history?page=2").get_data(as_text=True)
    assert "Version 2<" in second and "Version 1 (original)" in second and "Version 3<" not in second


def test_too_many_changes_show_both_versions_in_full(client, login_as, monkeypatch):
    monkeypatch.setattr(textdiff, "MAX_PIECES", 3)
    asker = factories.user("practitioner")
    question = fq.question(asker, title=TITLE, body="one two three four five")
    _edit(question, asker, "one 2 three 4 five")
    login_as("practitioner")
    page = client.get(f"/questions/{question.id}/history").get_data(as_text=True)
    assert "changed too much to mark word by word" in page
    assert "one two three four five" in page and "one 2 three 4 five" in page and REMOVED not in page


def test_partners_see_only_the_versions_made_while_a_question_was_shared_with_them(client, login_as):
    asker = factories.user("practitioner")
    question = fq.question(asker, title=TITLE, body="Staff only: the Fife panel meets on Tuesdays.")
    answer = fq.answer(question, body="Internal: ask the finance team first.")
    db.session.commit()
    service.edit_answer(answer, answer.author, "Ask the finance team first.")
    _edit(question, asker, "How do other areas pay a personal assistant?", visibility="partners")
    _edit(question, asker, "How do other areas pay a personal assistant weekly?")

    login_as("partner")
    page = client.get(f"/questions/{question.id}/history").get_data(as_text=True)
    assert "Fife panel" not in page
    assert "2 versions" in page and "the earliest version you can see" in page and f"{ADDED}assistant weekly?<" in page
    page = client.get(f"/questions/answers/{answer.id}/history").get_data(as_text=True)
    assert "Internal" not in page and "Ask the finance team first." in page

    login_as("practitioner")
    page = client.get(f"/questions/{question.id}/history").get_data(as_text=True)
    assert "Fife panel" in page and "3 versions" in page
    assert "Internal" in client.get(f"/questions/answers/{answer.id}/history").get_data(as_text=True)
