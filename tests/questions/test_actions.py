"""Accepting, endorsing, helpful votes, following, closing, locking, hiding, withdrawing, reporting."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.moderation.models import Flag
from champions.questions.models import HelpfulVote
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _notes(kind):
    from champions.notifications.models import Notification
    return [n.user_id for n in db.session.scalars(select(Notification).where(Notification.kind == kind))]


def test_asker_accepts_and_can_change_it(client, login_as):
    asker = factories.user("practitioner")
    q = fq.question(asker)
    first, second = fq.answer(q), fq.answer(q)
    db.session.commit()
    login_as(asker)
    assert client.post(f"/questions/answers/{first.id}/accept").status_code == 302
    db.session.refresh(q)
    assert q.accepted_answer_id == first.id and q.status == "resolved"
    assert _notes("answer_accepted") == [first.author_id]
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Resolved" in page and "Remove acceptance" in page
    client.post(f"/questions/answers/{second.id}/accept")
    db.session.refresh(q)
    assert q.accepted_answer_id == second.id
    client.post(f"/questions/answers/{second.id}/accept")
    db.session.refresh(q)
    assert q.accepted_answer_id is None and q.status == "answered"


def test_stranger_cannot_accept(client, login_as):
    q = fq.question()
    answer = fq.answer(q)
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/questions/answers/{answer.id}/accept").status_code == 403
    assert "Accept this answer" not in client.get(f"/questions/{q.id}").get_data(as_text=True)
    db.session.refresh(q)
    assert q.accepted_answer_id is None


def test_champion_endorses_and_withdraws(client, login_as):
    q = fq.question()
    answer = fq.answer(q)
    db.session.commit()
    champion = login_as("champion")
    client.post(f"/questions/answers/{answer.id}/endorse")
    db.session.refresh(answer)
    assert answer.endorsed_by_id == champion.id
    assert _notes("answer_endorsed") == [answer.author_id]
    assert f"Endorsed by {champion.display_name}, SDS Champion" in client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "answer.endorse"))
    client.post(f"/questions/answers/{answer.id}/endorse")
    db.session.refresh(answer)
    assert answer.endorsed_by_id is None


def test_practitioner_cannot_endorse(client, login_as):
    answer = fq.answer(fq.question())
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/questions/answers/{answer.id}/endorse").status_code == 403
    assert "Endorsed by SDS Champions" not in client.get(f"/questions/{answer.question_id}").get_data(as_text=True)


def test_helpful_once_per_person_and_never_own(client, login_as):
    q = fq.question()
    answer = fq.answer(q)
    db.session.commit()
    login_as("practitioner")
    client.post(f"/questions/answers/{answer.id}/helpful")
    db.session.refresh(answer)
    assert answer.helpful_count == 1
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Remove my helpful mark" in page and "1 person found this helpful" in page
    client.post(f"/questions/answers/{answer.id}/helpful")  # a second press takes it back
    db.session.refresh(answer)
    assert answer.helpful_count == 0 and db.session.scalar(select(HelpfulVote)) is None
    login_as(answer.author)
    assert client.post(f"/questions/answers/{answer.id}/helpful").status_code == 403
    assert "This helped me" not in client.get(f"/questions/{q.id}").get_data(as_text=True)


def test_follow_and_unfollow(client, login_as):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    client.post(f"/questions/{q.id}/follow")
    assert "Stop following" in client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert q.title in client.get("/questions/?tab=following").get_data(as_text=True)
    client.post(f"/questions/{q.id}/follow")
    assert q.title not in client.get("/questions/?tab=following").get_data(as_text=True)


def test_close_as_duplicate_links_the_other_question_and_reopen(client, login_as):
    original = fq.question(title="The original question about short breaks")
    q = fq.question()
    db.session.commit()
    login_as("champion")
    page = client.post(f"/questions/{q.id}/close", data={"reason": "duplicate"}).get_data(as_text=True)
    assert "Enter the number of the question it duplicates" in page
    page = client.post(f"/questions/{q.id}/close", data={"reason": "duplicate", "duplicate_of": "99999"}).get_data(as_text=True)
    assert "another question you can see" in page
    response = client.post(f"/questions/{q.id}/close", data={"reason": "duplicate", "duplicate_of": "99999999999999999999"})
    assert response.status_code == 200 and "Enter the number of a question" in response.get_data(as_text=True)
    client.post(f"/questions/{q.id}/close", data={"reason": "duplicate", "duplicate_of": str(original.id)})
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Closed" in page and "The original question about short breaks" in page
    client.post(f"/questions/{q.id}/reopen")
    db.session.refresh(q)
    assert q.closed_reason == "" and q.duplicate_of_id is None
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"question.close", "question.reopen"} <= actions


def test_practitioner_cannot_close_or_lock(client, login_as):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/questions/{q.id}/close", data={"reason": "out_of_scope"}).status_code == 403
    assert client.post(f"/questions/{q.id}/lock").status_code == 403
    assert "Champion tools" not in client.get(f"/questions/{q.id}").get_data(as_text=True)


def test_lock_and_flag_for_meeting(client, login_as):
    q = fq.question()
    db.session.commit()
    champion = login_as("champion")
    client.post(f"/questions/{q.id}/lock")
    client.post(f"/questions/{q.id}/meeting")
    db.session.refresh(q)
    assert q.locked and q.flagged_for_meeting and q.flagged_for_meeting_by_id == champion.id
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "Locked: no new answers" in page and "For the next champions' meeting" in page


def test_withdraw_only_while_unanswered(client, login_as):
    asker = factories.user("practitioner")
    q = fq.question(asker, title="A question I want to withdraw now")
    answered = fq.question(asker)
    fq.answer(answered)
    db.session.commit()
    login_as(asker)
    assert client.post(f"/questions/{answered.id}/withdraw").status_code == 403
    assert client.post(f"/questions/{q.id}/withdraw").status_code == 302
    db.session.refresh(q)
    assert q.withdrawn
    assert "A question I want to withdraw now" not in client.get("/questions/").get_data(as_text=True)
    login_as("practitioner")
    assert client.get(f"/questions/{q.id}").status_code == 404


def test_hidden_question_shows_only_to_champions(client, login_as):
    q = fq.question(title="A question that needs hiding from view")
    db.session.commit()
    champion = login_as("champion")
    page = client.post(f"/questions/{q.id}/hide", data={"reason": ""}).get_data(as_text=True)
    assert "Enter why you are hiding it" in page
    client.post(f"/questions/{q.id}/hide", data={"reason": "Contains personal data"})
    db.session.refresh(q)
    assert q.hidden and q.hidden_by_id == champion.id
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "only SDS Champions can see it" in page and "Contains personal data" in page
    assert "Hidden" in client.get("/questions/").get_data(as_text=True)
    login_as("practitioner")
    assert client.get(f"/questions/{q.id}").status_code == 404
    assert q.title not in client.get("/questions/").get_data(as_text=True)
    login_as(champion)
    client.post(f"/questions/{q.id}/restore")
    login_as("practitioner")
    assert client.get(f"/questions/{q.id}").status_code == 200


def test_hidden_answer_is_not_counted_or_shown(client, login_as):
    q = fq.question()
    answer = fq.answer(q, body="Bad advice in this answer")
    db.session.commit()
    login_as("champion")
    client.post(f"/questions/answers/{answer.id}/hide", data={"reason": "Out of date"})
    db.session.refresh(q)
    assert q.answer_count == 0 and q.status == "open"
    assert "Bad advice in this answer" in client.get(f"/questions/{q.id}").get_data(as_text=True)
    login_as("practitioner")
    assert "Bad advice in this answer" not in client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert client.get(f"/questions/answers/{answer.id}/history").status_code == 404


def test_report_a_post(client, login_as):
    q = fq.question()
    answer = fq.answer(q)
    db.session.commit()
    reporter = login_as("practitioner")
    page = client.post(f"/questions/answers/{answer.id}/report", data={"note": "kept note"}).get_data(as_text=True)
    assert "Choose what the problem is" in page and "kept note" in page
    client.post(f"/questions/answers/{answer.id}/report", data={"reason": "inaccurate", "note": "Out of date since April"})
    flag = db.session.scalar(select(Flag))
    assert (flag.content_type, flag.object_id, flag.reason, flag.reporter_id) == ("answer", answer.id, "inaccurate", reporter.id)


def test_partner_cannot_act_on_staff_questions(client, login_as):
    q = fq.question()
    answer = fq.answer(q)
    db.session.commit()
    login_as("partner")
    for url in (f"/questions/answers/{answer.id}/helpful", f"/questions/{q.id}/follow",
                f"/questions/answers/{answer.id}/report"):
        assert client.post(url, data={"reason": "other"}).status_code == 404
    assert db.session.scalar(select(Flag)) is None


def test_status_words_in_the_list(client, login_as):
    fq.question(title="An open question with no answers")
    answered = fq.question(title="A question that has an answer")
    fq.answer(answered)
    db.session.commit()
    login_as("practitioner")
    page = client.get("/questions/").get_data(as_text=True)
    assert "Open" in page and "Answered" in page


def test_a_hidden_answer_tells_its_author_why_and_how_to_fix_it(client, login_as):
    """The hidden answer's banner (shared with hidden questions): its author may edit; a champion sees the reason."""
    writer = factories.user("practitioner")
    q = fq.question(title="Can a direct payment pay for a gym?")
    a = fq.answer(q, writer, body="Some advice that needed hiding", hidden=True, hidden_reason="Names a person")
    db.session.commit()
    login_as(writer)
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "This answer is hidden: only you and the SDS Champions can see it. Reason: Names a person" in page
    assert f'href="/questions/answers/{a.id}/edit">edit your answer</a>' in page
    login_as("champion")
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "This answer is hidden: only SDS Champions can see it. Reason: Names a person" in page
    assert "edit your answer" not in page
