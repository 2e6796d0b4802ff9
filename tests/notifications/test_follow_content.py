"""Notifications follow their content: hidden, withdrawn or narrowed content takes its notifications with it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.notifications.digest import send_digests
from champions.notifications.models import Notification
from champions.notifications.service import notify, set_subject_visibility, unread_count
from champions.outbox.models import OutboxMessage
from champions.questions import service as questions
from tests import factories
from tests import factories_meetings as fm
from tests import factories_practice as fp
from tests import factories_questions as fq
from tests.factories_notifications import notification
from tests.pages import date_boxes

TITLE = "How do we set up a direct payment for respite?"


def _sees(client, login_as, person, title: str) -> tuple[bool, int]:
    """Sign in as this person: is the title in their notifications list, and what does the header count say?"""
    login_as(person)
    page = client.get("/notifications/").get_data(as_text=True)
    badge = re.search(r'Notifications <span class="count-badge">(\d+)<span class="visually-hidden"> unread', page)
    return title in page, int(badge.group(1)) if badge else 0


def _answered_question(asker, visibility="staff", follower=None):
    """A question with one answer; the asker (and the follower) were told about the answer."""
    question = fq.question(author=asker, title=TITLE, visibility=visibility)
    questions.follow(question, asker)
    if follower is not None:
        questions.follow(question, follower)
    questions.add_answer(question, factories.user("champion"), "Ask your local authority's SDS team.")
    db.session.commit()
    return question


# --- questions -------------------------------------------------------------------------------

def test_hiding_a_question_takes_its_notifications_away_and_restoring_brings_them_back(client, login_as):
    asker = factories.user("practitioner")
    follower = factories.user("practitioner")
    question = _answered_question(asker, follower=follower)
    champion = login_as("champion")
    assert _sees(client, login_as, follower, f"answered: {TITLE}") == (True, 1)

    login_as(champion)
    client.post(f"/questions/{question.id}/hide", data={"reason": "Contains personal data"})
    assert _sees(client, login_as, follower, f"answered: {TITLE}") == (False, 0)
    assert unread_count(follower) == 0
    # Its author still reads it (with the reason), so keeps the answer notice and is told it was hidden.
    assert _sees(client, login_as, asker, f"answered: {TITLE}") == (True, 2)
    assert _sees(client, login_as, asker, f"hid your question: {TITLE}")[0]

    login_as(champion)
    client.post(f"/questions/{question.id}/restore")
    assert _sees(client, login_as, follower, f"answered: {TITLE}") == (True, 1)


def test_hiding_through_the_moderation_queue_does_the_same(client, login_as):
    asker = factories.user("practitioner")
    follower = factories.user("practitioner")
    question = _answered_question(asker, follower=follower)
    flag = fq.flag("question", question.id)
    db.session.commit()
    login_as("champion")

    client.post(f"/moderation/flags/{flag.id}/hide", data={"reason": "Contains personal data"})

    db.session.expire_all()
    assert question.hidden
    assert _sees(client, login_as, follower, f"answered: {TITLE}") == (False, 0)
    assert _sees(client, login_as, asker, f"hid your question: {TITLE}")[0]


def test_narrowing_a_question_from_partners_to_staff_takes_it_from_partners(client, login_as):
    asker = factories.user("practitioner")
    partner = factories.user("partner")
    question = _answered_question(asker, visibility="partners", follower=partner)
    assert _sees(client, login_as, partner, f"answered: {TITLE}") == (True, 1)

    def edit(visibility):
        login_as("champion")
        response = client.post(f"/questions/{question.id}/edit",
                               data={"title": TITLE, "body": "Some details about practice.", "visibility": visibility})
        assert response.status_code == 302

    edit("staff")
    assert _sees(client, login_as, partner, f"answered: {TITLE}") == (False, 0)
    assert _sees(client, login_as, asker, f"answered: {TITLE}") == (True, 1)
    edit("partners")
    assert _sees(client, login_as, partner, f"answered: {TITLE}") == (True, 1)


def test_withdrawn_question_notifications_become_champions_only(client, login_as):
    asker = factories.user("practitioner")
    champion = factories.user("champion")
    question = questions.create_question(asker, TITLE, "Some details about practice.", "staff", [])
    db.session.commit()
    login_as(asker)

    client.post(f"/questions/{question.id}/withdraw")

    rows = db.session.scalars(select(Notification).where(Notification.subject == f"question:{question.id}")).all()
    assert [(n.user_id, n.visibility) for n in rows] == [(champion.id, "champions")]
    assert _sees(client, login_as, champion, f"asked: {TITLE}") == (True, 1)


def test_answer_notifications_follow_the_question_not_the_answer(client, login_as):
    asker = factories.user("practitioner")
    helper = factories.user("practitioner")
    question = fq.question(author=asker, title=TITLE)
    answer = questions.add_answer(question, helper, "Ask your local authority's SDS team.")
    db.session.commit()
    champion = login_as("champion")
    client.post(f"/questions/answers/{answer.id}/endorse")
    endorsed = f"endorsed your answer to: {TITLE}"
    assert _sees(client, login_as, helper, endorsed) == (True, 1)

    login_as(champion)
    client.post(f"/questions/answers/{answer.id}/hide", data={"reason": "Out of date"})
    assert _sees(client, login_as, helper, endorsed)[0] is True  # the question itself is still there

    login_as(champion)
    client.post(f"/questions/{question.id}/hide", data={"reason": "Contains personal data"})
    assert _sees(client, login_as, helper, endorsed) == (False, 0)


def test_an_answer_to_a_hidden_question_notifies_champions_and_its_author_only(app):
    asker = factories.user("practitioner", email_frequency="immediate")
    follower = factories.user("practitioner", email_frequency="immediate")
    other_champion = factories.user("champion", email_frequency="immediate")
    question = fq.question(author=asker, title=TITLE, hidden=True, hidden_reason="Personal data")
    questions.follow(question, asker)
    questions.follow(question, follower)
    questions.follow(question, other_champion)

    questions.add_answer(question, factories.user("champion"), "An answer.")

    made = db.session.scalars(select(Notification).where(Notification.subject == f"question:{question.id}")
                              .order_by(Notification.user_id)).all()

    assert [(n.user_id, n.visibility, n.owner_id) for n in made] == [
        (asker.id, "champions", asker.id), (other_champion.id, "champions", asker.id)]
    assert sorted(m.to_address for m in db.session.scalars(select(OutboxMessage))) == sorted(
        [asker.email, other_champion.email])


# --- meetings --------------------------------------------------------------------------------

def _meeting_form(meeting, visibility):
    return {"title": meeting.title, **date_boxes("date", meeting.local_start.date()), "start_time": "10:00",
            "end_time": "12:00", "place": "Room 2", "online_link": "", "visibility": visibility}


def test_meeting_made_champions_only_takes_its_notifications_from_staff(client, login_as):
    practitioner = factories.user("practitioner")
    partner = factories.user("partner")
    meeting = fm.meeting(status="draft", visibility="partners", title="Champions meeting, May")
    champion = login_as("champion")
    client.post(f"/meetings/{meeting.id}/publish")
    notice = "published the notes of Champions meeting, May"
    assert _sees(client, login_as, practitioner, notice) == (True, 1)
    assert _sees(client, login_as, partner, notice) == (True, 1)

    login_as(champion)
    assert client.post(f"/meetings/{meeting.id}/edit", data=_meeting_form(meeting, "staff")).status_code == 302
    assert _sees(client, login_as, partner, notice) == (False, 0)
    assert _sees(client, login_as, practitioner, notice) == (True, 1)

    login_as(champion)
    client.post(f"/meetings/{meeting.id}/edit", data=_meeting_form(meeting, "champions"))
    assert _sees(client, login_as, practitioner, notice) == (False, 0)
    assert _sees(client, login_as, champion, notice)[0] is False  # the publisher is never told of their own act

    login_as(champion)
    client.post(f"/meetings/{meeting.id}/edit", data=_meeting_form(meeting, "partners"))
    assert _sees(client, login_as, partner, notice) == (True, 1)


# --- practice examples -----------------------------------------------------------------------

def test_archiving_a_practice_example_takes_the_authors_notice_and_restoring_brings_it_back(client, login_as):
    author = factories.user("practitioner")
    example = fp.example(author=author, status="submitted", title="Using option 2 for a carer break")
    champion = login_as("champion")
    client.post(f"/practice/{example.id}/publish")
    notice = "published your practice example: Using option 2 for a carer break"
    assert _sees(client, login_as, author, notice) == (True, 1)

    login_as(champion)
    client.post(f"/practice/{example.id}/archive")
    assert _sees(client, login_as, author, notice) == (False, 0)

    login_as(champion)
    client.post(f"/practice/{example.id}/restore")
    assert _sees(client, login_as, author, notice) == (True, 1)


def test_a_returned_example_stays_in_its_authors_notifications(client, login_as):
    author = factories.user("practitioner")
    example = fp.example(author=author, status="submitted", title="Using option 2 for a carer break")
    login_as("champion")
    client.post(f"/practice/{example.id}/return", data={"comment": "Say which option was used."})

    notice = "returned your practice example for changes: Using option 2 for a carer break"
    assert _sees(client, login_as, author, notice) == (True, 1)
    row = db.session.scalar(select(Notification).where(Notification.user_id == author.id))
    assert row.subject == f"practice_example:{example.id}"


# --- partner updates -------------------------------------------------------------------------

def test_hiding_a_partner_update_takes_its_notifications_and_restoring_brings_them_back(client, login_as):
    reader = factories.user("partner")
    update = fp.update(title="New carer centre opening hours", visibility="partners")
    notify([reader], kind="update_posted", title="New update: New carer centre opening hours",
           url=f"/updates/{update.id}", visibility="partners", subject=f"update:{update.id}")
    db.session.commit()
    notice = "New update: New carer centre opening hours"
    assert _sees(client, login_as, reader, notice) == (True, 1)

    champion = login_as("champion")
    client.post(f"/updates/{update.id}/hide", data={"reason": "Out of date"})
    assert _sees(client, login_as, reader, notice) == (False, 0)

    login_as(champion)
    client.post(f"/updates/{update.id}/restore")
    assert _sees(client, login_as, reader, notice) == (True, 1)


# --- digest, mark all read, the service itself -----------------------------------------------

def test_the_digest_leaves_out_a_hidden_questions_notifications_until_it_is_restored(app, login_as, client):
    asker = factories.user("practitioner", email_frequency="none")
    follower = factories.user("practitioner", email_frequency="daily")
    question = _answered_question(asker, follower=follower)
    login_as("champion")
    client.post(f"/questions/{question.id}/hide", data={"reason": "Contains personal data"})

    assert send_digests() == 0

    client.post(f"/questions/{question.id}/restore")
    assert send_digests() == 1
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == follower.email and f"answered: {TITLE}" in message.body


def test_mark_all_read_leaves_hidden_ones_unread_for_when_they_come_back(client, login_as):
    asker = factories.user("practitioner")
    follower = factories.user("practitioner")
    question = _answered_question(asker, follower=follower)
    champion = login_as("champion")
    client.post(f"/questions/{question.id}/hide", data={"reason": "Contains personal data"})
    login_as(follower)
    client.post("/notifications/read-all")

    login_as(champion)
    client.post(f"/questions/{question.id}/restore")
    assert _sees(client, login_as, follower, f"answered: {TITLE}") == (True, 1)


def test_set_subject_visibility_is_one_update_and_leaves_other_subjects_and_unlabelled_ones(app, count_queries):
    person = factories.user("practitioner")
    mine = notify([person], kind="new_answer", title="About question 5", url="/questions/5",
                  visibility="staff", subject="question:5")
    other = notify([person], kind="new_answer", title="About question 50", url="/questions/50",
                   visibility="staff", subject="question:50")
    plain = notify([person], kind="new_answer", title="Without a subject", url="/questions/5",
                   visibility="staff")
    db.session.flush()

    with count_queries() as counter:
        assert set_subject_visibility("question:5", "champions") == 1
    assert counter.count == 1

    db.session.expire_all()
    assert [mine[0].visibility, other[0].visibility, plain[0].visibility] == ["champions", "staff", "staff"]
    assert plain[0].subject is None
    assert unread_count(person) == 2


def test_callers_without_a_subject_still_notify_as_before(client, login_as):
    person = factories.user("practitioner", email_frequency="immediate")
    made = notify([person], kind="induction_due_soon", title="Your induction is due on 3 March 2027",
                  url="/induction/", visibility="staff")
    notification(person, title="Made by the old factory")
    db.session.commit()

    assert made[0].subject is None
    assert _sees(client, login_as, person, "Your induction is due on 3 March 2027") == (True, 2)
    assert [m.subject for m in db.session.scalars(select(OutboxMessage))] == ["Your induction is due on 3 March 2027"]


def test_unknown_visibility_for_a_subject_is_a_programming_error(app):
    with pytest.raises(ValueError, match="unknown visibility"):
        set_subject_visibility("question:5", "everyone")
