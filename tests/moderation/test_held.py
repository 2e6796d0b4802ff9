"""Held for review: a confirmed CHI or NI number waits for a champion; other confirmed warnings are listed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions import permissions, privacy
from champions.audit import AuditEvent
from champions.extensions import db
from champions.moderation import held
from champions.moderation.models import GuardOverride
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.questions.models import Answer, Question
from champions.search import index
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

CHI = "0101011237"  # passes the CHI check digit
NI = "AB 12 34 56 C"
PHONE = "07700 900123"
TITLE = f"Respite budget for the man with CHI {CHI}?"


def _everything_sent() -> str:
    """Every notification title and every email subject and body, as one text."""
    titles = db.session.scalars(select(Notification.title)).all()
    mail = [f"{m.subject}\n{m.body}" for m in db.session.scalars(select(OutboxMessage))]
    return "\n".join(titles + mail)


def _ask(client, title=TITLE, body="Can we use the budget for short breaks?", visibility="partners", **extra):
    data = {"title": title, "body": body, "visibility": visibility, "confirm_no_personal_data": "y", **extra}
    client.post("/questions/new", data=data)
    return db.session.scalar(select(Question).order_by(Question.id.desc()))


def test_a_confirmed_chi_holds_the_question_for_a_champion(client, login_as):
    champion = factories.user("champion", display_name="Cara Champion")
    reader, partner = factories.user("practitioner"), factories.user("partner")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    question = _ask(client)
    assert question.held and question.title == TITLE
    page = client.get(f"/questions/{question.id}").text
    assert "Held for a champion to check: it may contain a CHI" in page and "CHI number in Your question" in page
    assert TITLE in client.get("/questions/?tab=mine").text
    for person in (reader, partner):
        login_as(person)
        assert client.get(f"/questions/{question.id}").status_code == 404
        assert "Respite budget" not in client.get("/questions/").text
        assert "Respite budget" not in client.get("/").text
        assert index.query(person, "respite budget").total == 0
    assert index.query(champion, "respite budget").total == 0
    sent = _everything_sent()
    assert CHI not in sent and "Respite budget" not in sent
    assert db.session.scalar(select(Notification.title).where(Notification.user_id == champion.id)) == (
        "A question is held for a champion to check (CHI number in Your question)")
    assert not db.session.scalars(select(Notification).where(Notification.user_id != champion.id)).all()
    login_as(champion)
    page = client.get("/moderation/held").text
    assert "1 post held" in page and "CHI number in Your question" in page and TITLE in page
    assert "Held for review: 1 post" in client.get("/moderation/").text


def test_release_publishes_the_question_and_sends_its_notifications_then(client, login_as):
    champion = factories.user("champion")
    reader = factories.user("practitioner")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    question = _ask(client, visibility="staff")
    item = db.session.scalar(select(GuardOverride))
    login_as(reader)
    assert client.post(f"/moderation/held/{item.id}/release").status_code == 403
    login_as(champion)
    response = client.post(f"/moderation/held/{item.id}/release", follow_redirects=True)
    assert "Released: the question is published as written." in response.text
    assert "0 posts held" in response.text
    db.session.expire_all()
    assert not db.session.get(Question, question.id).held
    assert db.session.get(GuardOverride, item.id).resolution == "released"
    assert f"{asker.display_name} asked: {TITLE}" in db.session.scalars(
        select(Notification.title).where(Notification.user_id == champion.id)).all()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "question.release"))
    assert event.actor_id == champion.id and CHI not in event.summary
    login_as(reader)
    assert TITLE in client.get(f"/questions/{question.id}").text
    assert "Respite budget" in client.get("/questions/").text
    assert index.query(reader, "respite budget").total == 1


def test_a_champion_cannot_release_their_own_held_post(client, login_as):
    author = factories.user("champion")
    other = factories.user("champion")
    db.session.commit()
    login_as(author)
    question = _ask(client)
    item = db.session.scalar(select(GuardOverride))
    assert client.post(f"/moderation/held/{item.id}/release").status_code == 403
    assert "another champion must release it" in client.get("/moderation/held").text
    assert permissions.can(other, "moderation.release", question)
    assert not permissions.can(author, "moderation.release", question)


def test_a_held_answer_is_seen_by_its_author_and_champions_and_tells_the_asker_only_when_released(client, login_as):
    asker, follower = factories.user("practitioner"), factories.user("practitioner")
    champion = factories.user("champion")
    question = fq.question(asker, title="Can a PA drive the person to the day centre?")
    from champions.questions import service

    service.follow(question, follower)
    answerer = factories.user("practitioner")
    db.session.commit()
    login_as(answerer)
    client.post(f"/questions/{question.id}/answers",
                data={"body": f"Yes. Their NI number is {NI} for the insurance.", "confirm_no_personal_data": "y"})
    answer = db.session.scalar(select(Answer))
    assert answer.held
    assert "held for a champion to check" in client.get(f"/questions/{question.id}").text
    for person in (asker, follower):
        login_as(person)
        page = client.get(f"/questions/{question.id}").text
        assert "NI number" not in page and "0 answers" in page
    assert not db.session.scalars(select(Notification).where(Notification.user_id.in_([asker.id, follower.id]))).all()
    assert NI not in _everything_sent()
    assert db.session.get(Question, question.id).answer_count == 0
    login_as(champion)
    page = client.get("/moderation/held").text
    assert "National Insurance number in Your answer" in page
    client.post(f"/moderation/held/{db.session.scalar(select(GuardOverride.id))}/release")
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == asker.id)).all()
    assert titles == [f"{answerer.display_name} answered: Can a PA drive the person to the day centre?"]
    login_as(follower)
    assert "for the insurance" in client.get(f"/questions/{question.id}").text


def test_hiding_a_held_post_keeps_it_from_everyone_else(client, login_as):
    champion = factories.user("champion")
    reader = factories.user("practitioner")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    question = _ask(client, visibility="staff")
    item = db.session.scalar(select(GuardOverride))
    login_as(champion)
    assert "Enter why you are hiding it" in client.post(f"/moderation/held/{item.id}/hide", data={"reason": ""}).text
    client.post(f"/moderation/held/{item.id}/hide", data={"reason": "It is a real CHI number"})
    db.session.expire_all()
    question = db.session.get(Question, question.id)
    assert question.hidden and not question.held and question.hidden_reason == "It is a real CHI number"
    assert db.session.get(GuardOverride, item.id).resolution == "hidden"
    login_as(reader)
    assert client.get(f"/questions/{question.id}").status_code == 404
    assert "Respite budget" not in _everything_sent()


def test_editing_the_number_out_publishes_it_and_sends_the_notifications(client, login_as):
    champion = factories.user("champion")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    question = _ask(client, visibility="staff")
    response = client.post(f"/questions/{question.id}/edit", data={
        "title": "Respite budget for short breaks?", "body": "Can we use it?", "visibility": "staff"},
        follow_redirects=True)
    assert "Your changes have been saved." in response.text
    db.session.expire_all()
    assert not db.session.get(Question, question.id).held
    assert db.session.scalar(select(GuardOverride.resolution)) == "edited"
    assert db.session.scalars(select(Notification.title).where(Notification.user_id == champion.id)).all()[-1] == (
        f"{asker.display_name} asked: Respite budget for short breaks?")
    assert CHI not in client.get(f"/questions/{question.id}/history").text


def test_an_edit_that_adds_a_chi_holds_a_published_question(client, login_as):
    asker, reader = factories.user("practitioner"), factories.user("practitioner")
    question = fq.question(asker, title="Short breaks and respite budgets")
    db.session.commit()
    login_as(asker)
    response = client.post(f"/questions/{question.id}/edit", data={
        "title": question.title, "body": f"For CHI {CHI}.", "visibility": "staff", "confirm_no_personal_data": "y"},
        follow_redirects=True)
    assert "held for a champion to check" in response.text
    login_as(reader)
    assert client.get(f"/questions/{question.id}").status_code == 404


def test_a_confirmed_phone_number_is_listed_for_champions_and_kept_out_of_notification_titles(client, login_as):
    champion = factories.user("champion")
    reader = factories.user("practitioner")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    question = _ask(client, title=f"Can I ring the family on {PHONE}?", body="About a PA.", visibility="staff")
    assert not question.held
    login_as(reader)
    assert PHONE in client.get(f"/questions/{question.id}").text
    assert db.session.scalar(select(Notification.title).where(Notification.user_id == champion.id)) == (
        "A new question needs a champion to check it")
    assert PHONE not in _everything_sent() and "ring the family" not in _everything_sent()
    login_as(champion)
    page = client.get("/moderation/").text
    assert "Posted with a personal-data warning confirmed: 1" in page and "phone number in Your question" in page
    item = db.session.scalar(select(GuardOverride))
    client.post(f"/moderation/overrides/{item.id}/checked")
    assert "Posted with a personal-data warning confirmed: 0" in client.get("/moderation/").text
    assert db.session.get(GuardOverride, item.id).resolution == "checked"


def test_only_a_valid_chi_or_an_ni_number_needs_a_champion():
    assert held.requires_review(privacy.scan(f"Client CHI {CHI} asked about this"))
    assert held.requires_review(privacy.scan(f"Client CHI {CHI[:6]}\u00a0{CHI[6:]} asked"))  # however it is typed
    mistyped = privacy.scan("Client CHI 0101011238 asked")  # fails the check digit: a warning, not held
    assert mistyped and not held.requires_review(mistyped)
    assert held.requires_review(privacy.scan(f"NI number {NI}"))
    assert not held.requires_review(privacy.scan(f"Ring {PHONE} or visit EH1 1YZ"))


def test_held_questions_are_for_their_author_and_champions(app):
    author, reader = factories.user("practitioner"), factories.user("practitioner")
    champion, partner = factories.user("champion"), factories.user("partner")
    question = fq.question(author, visibility="partners", held=True)
    assert permissions.can(author, "question.view", question) and permissions.can(champion, "question.view", question)
    assert not permissions.can(reader, "question.view", question)
    assert not permissions.can(partner, "question.view", question)
    assert not permissions.can(author, "question.answer", question)
    answer = fq.answer(fq.question(), author, held=True)
    assert permissions.can(author, "answer.view", answer) and permissions.can(champion, "answer.view", answer)
    assert not permissions.can(reader, "answer.view", answer)
    assert not permissions.can(champion, "answer.endorse", answer)


def test_meeting_notes_and_practice_examples_keep_a_confirmed_number_out_of_notification_titles(client, login_as):
    from tests import factories_meetings as fm

    reader = factories.user("practitioner")
    champion = factories.user("champion")
    meeting = fm.meeting(status="draft", visibility="staff", title=f"Review for the family on {PHONE}")
    db.session.commit()
    login_as(champion)
    client.post(f"/meetings/{meeting.id}/publish")
    assert db.session.scalar(select(Notification.title).where(Notification.user_id == reader.id)) == (
        f"{champion.display_name} published meeting notes")
    login_as(reader)
    client.post("/practice/new", data={
        "title": f"Laptop for CHI {CHI}", "summary": "A short summary.", "situation": "Back to work.",
        "action": "A direct payment.", "outcomes_text": "A job.", "visibility": "staff",
        "anonymised_confirmed": "y", "confirm_no_personal_data": "y", "submit_for_review": "1"})
    assert db.session.scalar(select(Notification.title).where(Notification.kind == "practice_submitted")) == (
        f"{reader.display_name} sent a practice example to review")
    assert PHONE not in _everything_sent() and CHI not in _everything_sent()
