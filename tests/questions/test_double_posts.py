"""Issue 11: double submits, withdrawing an answer, and who may accept and endorse."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.questions.models import Answer, Question
from champions.timeutil import utcnow
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

ASK = {"title": "Can a direct payment pay for a gym membership?", "body": "For a young man with autism.",
       "visibility": "staff", "submit": "Post your question"}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count(model.id)).where(*where))


# --- double submits ------------------------------------------------------------------------
def test_posting_the_same_question_twice_makes_one_and_says_it_was_already_posted(client, login_as):
    login_as("practitioner")
    first = client.post("/questions/new", data=ASK)
    assert first.status_code == 302
    second = client.post("/questions/new", data=ASK, follow_redirects=True)
    question = db.session.scalar(select(Question))
    assert _count(Question) == 1
    page = second.get_data(as_text=True)
    assert "You had already posted this question, so it was not posted again." in page
    assert f'href="/questions/{question.id}">Go to your question</a>' in page
    assert ASK["title"] in page  # they land on the question itself


def test_the_same_question_may_be_asked_again_after_ten_minutes_or_by_someone_else(client, login_as):
    login_as("practitioner")
    client.post("/questions/new", data=ASK)
    db.session.scalar(select(Question)).created_at = utcnow() - timedelta(minutes=11)
    db.session.commit()
    client.post("/questions/new", data=ASK)
    login_as("practitioner")
    client.post("/questions/new", data=ASK)
    assert _count(Question) == 3


def test_back_and_post_the_same_answer_again_makes_one_answer(client, login_as):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    form = {"body": "Yes, if it meets an agreed outcome.", "submit": "Post your answer"}
    assert client.post(f"/questions/{q.id}/answers", data=form).status_code == 302
    again = client.post(f"/questions/{q.id}/answers", data={**form, "body": " Yes, if it meets  an agreed outcome. "})
    answer = db.session.scalar(select(Answer))
    assert _count(Answer) == 1
    assert again.headers["Location"].endswith(f"/questions/{q.id}#answer-{answer.id}")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "You had already posted this answer, so it was not posted again." in page
    # A different answer is a new answer.
    client.post(f"/questions/{q.id}/answers", data={**form, "body": "Also: record why in the support plan."})
    assert _count(Answer) == 2


def test_post_forms_send_once_when_javascript_runs(client, login_as):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    assert 'novalidate data-once' in client.get("/questions/new").get_data(as_text=True)
    assert 'novalidate data-once' in client.get(f"/questions/{q.id}").get_data(as_text=True)


def test_the_ask_page_takes_a_suggested_title_from_the_link(client, login_as):
    login_as("practitioner")
    page = client.get("/questions/new?title=Feedback+about+the+Hub").get_data(as_text=True)
    assert 'value="Feedback about the Hub"' in page


# --- withdrawing an answer ---------------------------------------------------------------
def test_an_author_withdraws_their_answer_after_confirming_and_others_see_it_withdrawn(client, login_as):
    asker, author = factories.user("practitioner"), factories.user("practitioner", display_name="Rhona Bell")
    q = fq.question(asker)
    answer = fq.answer(q, author, body="Ask the finance team for the form.")
    q.accepted_answer_id = answer.id
    db.session.commit()
    login_as(author)
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert f'href="/questions/answers/{answer.id}/withdraw">Withdraw' in page
    confirm = client.get(f"/questions/answers/{answer.id}/withdraw").get_data(as_text=True)
    assert "Withdraw your answer?" in confirm and "Ask the finance team for the form." in confirm
    assert answer.withdrawn_at is None  # looking at the confirmation changes nothing
    client.post(f"/questions/answers/{answer.id}/withdraw")
    db.session.refresh(answer)
    db.session.refresh(q)
    assert answer.withdrawn and answer.body == "Ask the finance team for the form."  # kept
    assert q.answer_count == 0 and q.accepted_answer_id is None and q.status == "open"
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "answer.withdraw"))
    mine = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "You withdrew this answer" in mine and "Ask the finance team" in mine and "Put my answer back" in mine

    login_as(asker)
    theirs = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Rhona Bell withdrew this answer on" in theirs and "Withdrawn" in theirs
    assert "Ask the finance team" not in theirs and "Accept this answer" not in theirs
    assert client.get(f"/questions/answers/{answer.id}/history").status_code == 404

    login_as("champion")
    assert "Ask the finance team" in client.get(f"/questions/{q.id}").get_data(as_text=True)

    login_as(author)
    client.post(f"/questions/answers/{answer.id}/unwithdraw")
    db.session.refresh(answer)
    db.session.refresh(q)
    assert not answer.withdrawn and q.answer_count == 1


def test_nobody_else_can_withdraw_an_answer(client, login_as):
    answer = fq.answer(fq.question())
    db.session.commit()
    login_as("champion")
    assert client.post(f"/questions/answers/{answer.id}/withdraw").status_code == 403
    db.session.refresh(answer)
    assert not answer.withdrawn


# --- accepting and endorsing -------------------------------------------------------------
def test_a_champion_accepts_on_the_askers_behalf_the_asker_is_told_and_keeps_the_last_word(client, login_as):
    from champions.audit import AuditEvent
    from champions.notifications.models import Notification

    asker = factories.user("practitioner", display_name="Morag Shaw")
    q = fq.question(asker, title="Can a direct payment pay my neighbour?")
    answer, other = fq.answer(q), fq.answer(q)
    champion_answer = fq.answer(q, factories.user("champion"))
    db.session.commit()
    champion = login_as("champion", display_name="Ailsa Grant")
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Accept on the asker&#39;s behalf" in page and "Accept this answer" not in page
    response = client.post(f"/questions/answers/{answer.id}/accept", follow_redirects=True)
    assert "Answer accepted on the asker&#39;s behalf. They have been told" in response.get_data(as_text=True)
    db.session.refresh(q)
    assert q.accepted_answer_id == answer.id and q.status == "resolved"
    told = db.session.scalar(select(Notification).where(Notification.user_id == asker.id))
    assert told.kind == "accepted_for_you"
    assert told.title == "Ailsa Grant accepted an answer on your behalf to: Can a direct payment pay my neighbour?"
    assert db.session.scalar(select(Notification).where(Notification.user_id == answer.author_id)).kind == \
        "answer_accepted"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.accept_on_behalf"))
    assert event.actor_id == champion.id
    # Once one is accepted the asker has the last word: the champion cannot remove or replace it.
    assert client.post(f"/questions/answers/{answer.id}/accept").status_code == 403
    assert client.post(f"/questions/answers/{other.id}/accept").status_code == 403
    db.session.refresh(q)
    assert q.accepted_answer_id == answer.id
    login_as(asker)
    assert client.post(f"/questions/answers/{other.id}/accept").status_code == 302
    db.session.refresh(q)
    assert q.accepted_answer_id == other.id


def test_a_champion_never_accepts_their_own_answer_for_the_asker(client, login_as):
    q = fq.question(factories.user("practitioner"))
    champion = login_as("champion")
    own = fq.answer(q, champion)
    db.session.commit()
    assert "behalf" not in client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert client.post(f"/questions/answers/{own.id}/accept").status_code == 403
    db.session.refresh(q)
    assert q.accepted_answer_id is None


def test_a_champion_cannot_endorse_their_own_answer_and_the_badge_names_the_endorser(client, login_as):
    q = fq.question()
    champion = login_as("champion", display_name="Ailsa Grant")
    own = fq.answer(q, champion, body="My own answer.")
    other = fq.answer(q, factories.user("practitioner"), body="A colleague's answer.")
    db.session.commit()
    assert client.post(f"/questions/answers/{own.id}/endorse").status_code == 403
    client.post(f"/questions/answers/{other.id}/endorse")
    db.session.refresh(own)
    db.session.refresh(other)
    assert own.endorsed_by_id is None and other.endorsed_by_id == champion.id
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Endorsed by Ailsa Grant, SDS Champion" in page
    assert page.count(">Endorse<") == 0 and "Withdraw endorsement" in page  # no Endorse button on their own


def test_an_asker_whose_own_answer_a_champion_accepts_is_told_once(client, login_as):
    from champions.notifications.models import Notification

    asker = factories.user("practitioner")
    q = fq.question(asker, title="What did we decide about respite?")
    own = fq.answer(q, asker, body="We agreed a short break through option 2.")
    db.session.commit()
    login_as("champion")
    assert client.post(f"/questions/answers/{own.id}/accept").status_code == 302
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == asker.id)).all()
    assert kinds == ["accepted_for_you"]
