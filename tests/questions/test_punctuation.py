"""A question's title ends its own sentence: no full stop after a title that already has one ("format?.")."""
from __future__ import annotations

import re

import pytest

from champions.extensions import db
from champions.questions.views import full_stop
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _text(page: str) -> str:
    """The page's words without tags, so a stop after a link reads as it does on screen."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("text, stop", [
    ("How do I format a support plan?", ""), ("Charging rules changed.", ""), ("Help!", ""),
    ("Waiting lists…", ""), ("Option 2 providers", "."), ("", "."), ("Ends with a space? ", "")])
def test_full_stop_only_where_the_text_needs_one(text, stop):
    assert full_stop(text) == stop


def test_question_pages_do_not_double_the_punctuation(client, login_as):
    asking = fq.question(title="How do I format a support plan?")
    plain = fq.question(title="Option 2 providers in Fife")
    answers = [fq.answer(q, factories.user("practitioner")) for q in (asking, plain)]
    duplicate = fq.question(title="Support plan layout", closed_reason="duplicate", duplicate_of_id=asking.id)
    db.session.commit()
    login_as("champion")
    edit = _text(client.get(f"/questions/answers/{answers[0].id}/edit").get_data(as_text=True))
    assert "Answer to: How do I format a support plan? The earlier version" in edit
    edit = _text(client.get(f"/questions/answers/{answers[1].id}/edit").get_data(as_text=True))
    assert "Answer to: Option 2 providers in Fife. The earlier version" in edit
    detail = _text(client.get(f"/questions/{duplicate.id}").get_data(as_text=True))
    assert "See How do I format a support plan? " in detail and "plan?." not in detail
    close = _text(client.get(f"/questions/{asking.id}/close").get_data(as_text=True))
    assert "plan?’ The asker" in close and "?’." not in close
