"""Content that stays accurate: the review queue, confirm, mark out of date, what readers see."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions.accuracy.models import ContentCheck
from champions.accuracy.queue import months_ago
from champions.audit import AuditEvent
from champions.extensions import db
from champions.notifications.models import Notification
from champions.questions.models import Follow
from champions.timeutil import utcnow
from tests import factories
from tests import factories_practice as practice
from tests import factories_questions as make


def old_endorsed(days: int = 400, title: str = "How do we pay a PA's holiday pay?"):
    """An answer endorsed `days` ago by a champion, never checked since."""
    champion = factories.user("champion")
    question = make.question(title=title, days_ago=days)
    answer = make.answer(question, author=factories.user("practitioner"), created_at=utcnow() - timedelta(days=days),
                         endorsed_by_id=champion.id, endorsed_at=utcnow() - timedelta(days=days))
    db.session.commit()
    return question, answer


def test_months_ago_handles_short_months():
    assert months_ago(12, date(2027, 3, 3)).date() == date(2026, 3, 3)
    assert months_ago(1, date(2027, 3, 31)).date() == date(2027, 2, 28)


def test_an_old_endorsed_answer_joins_the_queue_and_a_recent_one_does_not(client, login_as):
    old_endorsed(title="An old endorsed answer")
    old_endorsed(days=30, title="A recent endorsed answer")
    question = make.question(title="An old accepted answer", days_ago=500)
    accepted = make.answer(question, created_at=utcnow() - timedelta(days=500))
    question.accepted_answer_id = accepted.id
    plain = make.question(title="An old answer nobody vouched for", days_ago=500)
    make.answer(plain, created_at=utcnow() - timedelta(days=500))
    practice.example(title="An overdue example", review_due_on=date.today() - timedelta(days=2))
    db.session.commit()
    login_as("champion")
    page = client.get("/accuracy/").get_data(as_text=True)
    assert "An old endorsed answer" in page and "An old accepted answer" in page
    assert "A recent endorsed answer" not in page and "An old answer nobody vouched for" not in page
    assert "An overdue example" in page


def test_confirm_gives_a_checked_date_readers_see(client, login_as):
    question, answer = old_endorsed()
    champion = login_as("champion")
    response = client.post(f"/accuracy/answers/{answer.id}/confirm")
    assert response.status_code == 302
    assert question.title not in client.get("/accuracy/").get_data(as_text=True)
    check = db.session.scalar(select(ContentCheck).where(ContentCheck.object_id == answer.id))
    assert check.checked_by_id == champion.id and not check.out_of_date
    login_as("practitioner")
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "by an SDS Champion" in page and "Checked " in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.checked"))
    assert event.target_id == answer.id and event.actor_id == champion.id


def test_mark_out_of_date_warns_readers_and_tells_asker_and_followers(client, login_as):
    question, answer = old_endorsed()
    follower = factories.user("practitioner")
    db.session.add(Follow(question_id=question.id, user_id=follower.id))
    db.session.commit()
    login_as("champion")
    page = client.post(f"/accuracy/answers/{answer.id}/out-of-date", data={"reason": ""}).get_data(as_text=True)
    assert "There is a problem" in page and "Enter why the answer is out of date" in page
    # The personal-data guard: a phone number is caught, and what was typed is kept.
    page = client.post(f"/accuracy/answers/{answer.id}/out-of-date",
                       data={"reason": "Call 07700 900123 for the new rules"}).get_data(as_text=True)
    assert "I confirm this is not about an identifiable person" in page and "07700 900123" in page
    response = client.post(f"/accuracy/answers/{answer.id}/out-of-date",
                           data={"reason": "The charging policy changed in April 2027."})
    assert response.status_code == 302
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "answer_out_of_date")))
    assert told == {question.author_id, follower.id}
    login_as("practitioner")
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "marked this answer out of date" in page and "The charging policy changed in April 2027." in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.out_of_date")) is not None
    # It leaves the due list for the out-of-date list; confirming lifts the warning.
    login_as("champion")
    queue = client.get("/accuracy/").get_data(as_text=True)
    assert "Answers marked out of date (1)" in queue and "Answers due a check (0)" in queue
    client.post(f"/accuracy/answers/{answer.id}/confirm")
    assert "marked this answer out of date" not in client.get(f"/questions/{question.id}").get_data(as_text=True)


def test_practitioners_and_partners_cannot_check(client, login_as):
    _, answer = old_endorsed()
    login_as("practitioner")
    assert client.get("/accuracy/").status_code == 403
    assert client.post(f"/accuracy/answers/{answer.id}/confirm").status_code == 403
    login_as("partner")
    assert client.post(f"/accuracy/answers/{answer.id}/confirm").status_code == 404
    assert db.session.scalar(select(ContentCheck)) is None


def test_a_hidden_answer_cannot_be_confirmed(client, login_as):
    _, answer = old_endorsed()
    answer.hidden = True
    db.session.commit()
    login_as("champion")
    assert client.post(f"/accuracy/answers/{answer.id}/confirm").status_code == 403


def test_practice_example_shows_when_it_was_checked(client, login_as):
    example = practice.example(status="submitted")
    db.session.commit()
    login_as("champion")
    assert "Last checked" not in client.get(f"/practice/{example.id}").get_data(as_text=True)
    client.post(f"/practice/{example.id}/publish")
    page = client.get(f"/practice/{example.id}").get_data(as_text=True)
    assert "Last checked" in page and "by an SDS Champion" in page


def test_an_answer_nobody_accepted_or_endorsed_is_not_checked(client, login_as):
    answer = make.answer(make.question())
    db.session.commit()
    login_as("champion")
    assert client.post(f"/accuracy/answers/{answer.id}/confirm").status_code == 403
