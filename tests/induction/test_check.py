"""Knowledge checks prove something: answers only after a pass or the last attempt, limited tries, a wait, shuffling."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from champions.extensions import db
from champions.induction.demo_content import MODULES
from champions.induction.models import CheckAttempt, Module
from tests import factories_induction as make
from tests.induction.test_views import _choose

OPTIONS = (("Option 1: a direct payment", True), ("A loan", False), ("A one-off grant", False))


def _module(**settings) -> Module:
    module = make.module(lessons=1)
    for key, value in settings.items():
        setattr(module, key, value)
    make.question(module, "Which option gives the person the money?", OPTIONS,
                  explanation="Option 1 is a direct payment: the person holds the money.")
    db.session.commit()
    return module


def _attempt(client, module, texts) -> str:
    """Answer the only question with these option texts; return the result page (or the page shown)."""
    question = module.questions[0]
    response = client.post(f"/induction/modules/{module.id}/check", data=_choose(client, module, {question: texts}))
    return client.get(response.headers["Location"]).text if response.status_code == 302 else response.text


def _attempts() -> int:
    return db.session.scalar(select(func.count()).select_from(CheckAttempt))


def test_a_failed_attempt_does_not_give_the_right_answer_away(client, login_as):
    module = _module()
    login_as("practitioner")
    result = _attempt(client, module, ["A loan"])
    assert "Not passed this time" in result and "A loan <strong>(your answer)</strong>" in result
    assert "Option 1: a direct payment" not in result and "(right answer)" not in result
    assert "the person holds the money" not in result  # the explanation would give it away too
    assert "You can take the check as many times as you need." in result and "Try the check again" in result
    result = _attempt(client, module, ["Option 1: a direct payment"])
    assert "You passed" in result and "(right answer)" in result and "the person holds the money" in result


def test_answers_shown_after_the_last_allowed_attempt_and_no_more_attempts(client, login_as):
    module = _module(max_attempts=2)
    login_as("practitioner")
    check = client.get(f"/induction/modules/{module.id}/check").text
    assert "You have 2 attempts left" in check
    result = _attempt(client, module, ["A loan"])
    assert "You have 1 attempt left" in result and "(right answer)" not in result
    result = _attempt(client, module, ["A one-off grant"])
    assert "You have used all 2 attempts at this check" in result
    assert "Option 1: a direct payment <strong>(right answer)</strong>" in result and "the person holds the money" in result
    assert "Try the check again" not in result
    check = client.get(f"/induction/modules/{module.id}/check").text
    assert "You have used all 2 attempts" in check and "Check my answers" not in check
    response = client.post(f"/induction/modules/{module.id}/check", data={f"q{module.questions[0].id}": "1"})
    assert response.status_code == 302 and _attempts() == 2  # refused: nothing recorded


def test_a_pause_between_attempts_says_when_to_try_again(client, login_as):
    module = _module(attempt_pause_minutes=30)
    login_as("practitioner")
    result = _attempt(client, module, ["A loan"])
    assert "You can try again from " in result and "Try the check again" not in result
    assert "you wait 30 minutes before the next" in result
    check = client.get(f"/induction/modules/{module.id}/check").text
    assert "You can try again from " in check and "Check my answers" not in check
    client.post(f"/induction/modules/{module.id}/check", data={f"q{module.questions[0].id}": "1"})
    assert _attempts() == 1
    first = db.session.scalar(select(CheckAttempt))
    first.created_at = first.created_at - timedelta(minutes=31)
    db.session.commit()
    check = client.get(f"/induction/modules/{module.id}/check").text
    assert "You can try again now." in check and "Check my answers" in check
    assert "You passed" in _attempt(client, module, ["Option 1: a direct payment"]) and _attempts() == 2


def test_author_sets_attempts_allowed_and_the_pause(client, login_as):
    module = _module()
    login_as("champion")
    url = f"/induction/manage/modules/{module.id}/edit"
    base = {"title": module.title, "summary": "", "audience": "staff", "pass_mark": "80"}
    response = client.post(url, data={**base, "max_attempts": "0", "attempt_pause_minutes": "soon"})
    assert response.status_code == 400
    assert "Enter a number of attempts from 1 to 20, or leave it blank for no limit" in response.text
    assert "Enter a number of minutes from 0 to 10,080 (one week)" in response.text and 'value="soon"' in response.text
    assert client.post(url, data={**base, "max_attempts": "3", "attempt_pause_minutes": "10"}).status_code == 302
    page = client.get(f"/induction/manage/modules/{module.id}").text
    assert "3 allowed" in page and "10 minutes" in page
    client.post(url, data={**base, "max_attempts": "", "attempt_pause_minutes": ""})
    db.session.refresh(module)
    assert (module.max_attempts, module.attempt_pause_minutes) == (None, 0)
    assert "No limit" in client.get(f"/induction/manage/modules/{module.id}").text


def test_result_shows_the_options_in_the_order_that_attempt_showed_them(client, login_as):
    module = make.module(lessons=1)
    question = make.question(module, "Which?", tuple((f"Choice {n}", n == 1) for n in range(1, 6)))
    db.session.commit()
    login_as("practitioner")
    shown = re.findall(r"Choice (\d)", client.get(f"/induction/modules/{module.id}/check").text)
    result = _attempt(client, module, ["Choice 1"])
    assert "You passed" in result
    assert re.findall(r"Choice (\d)", result.split("Your answers", 1)[1]) == shown != ["1", "2", "3", "4", "5"]
    assert question.id


def test_demo_checks_do_not_always_put_the_right_answer_first():
    for spec in MODULES:
        firsts = [options[0][1] for _, options, _ in spec["questions"]]
        assert not all(firsts), f"in “{spec['title']}” the first option is always right"
    places = {next(n for n, (_, right) in enumerate(options) if right)
              for spec in MODULES for _, options, _ in spec["questions"]}
    assert places >= {0, 1, 2}  # the right answer turns up in different places


def test_a_check_page_opened_before_another_attempt_is_marked_as_it_was_shown(client, login_as):
    """Two windows, or Back after a result: the answers count as the options that page showed, not a newer order."""
    module = make.module(lessons=1)
    question = make.question(module, "Which?", tuple((f"Choice {n}", n == 1) for n in range(1, 6)))
    db.session.commit()
    login_as("practitioner")
    stale_page = client.get(f"/induction/modules/{module.id}/check").text
    stale = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*type="hidden"', stale_page)
                 + re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', stale_page))
    place = dict((label, value) for value, label in re.findall(
        rf'name="q{question.id}"[^>]*value="(\d+)">\s*<label[^>]*>([^<]+)</label>', stale_page))["Choice 1"]
    for _ in range(6):  # attempts in the other window, until the order there puts Choice 1 somewhere else
        assert "Not passed" in _attempt(client, module, ["Choice 2"])
        if _choose(client, module, {question: ["Choice 1"]})[f"q{question.id}"] != [place]:
            break
    response = client.post(f"/induction/modules/{module.id}/check", data={**stale, f"q{question.id}": place})
    assert "You passed" in client.get(response.headers["Location"]).text
