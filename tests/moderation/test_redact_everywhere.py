"""Redaction also reaches the copies of a question's title outside the post: notifications and unsent email."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.questions.models import Answer, Question
from tests import factories

pytestmark = pytest.mark.usefixtures("app")

PHONE = "07700 900123"


def test_redacting_a_title_removes_it_from_notifications_and_queued_email(client, login_as):
    champion = factories.user("champion")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    client.post("/questions/new", data={"title": f"Can I call the family on {PHONE} about a PA?",
                                        "body": "", "visibility": "staff", "confirm_no_personal_data": "y"})
    question = db.session.scalar(select(Question).order_by(Question.id.desc()))
    assert PHONE in question.title
    # While a champion has still to check the confirmed warning, no notification carries the title.
    assert all(PHONE not in t for t in db.session.scalars(select(Notification.title)))
    login_as(champion)
    client.post(f"/moderation/overrides/{_override_id(question)}/checked")
    login_as(factories.user("practitioner"))
    client.post(f"/questions/{question.id}/answers", data={"body": "Ask the duty team first."})
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == asker.id)).all()
    assert any(PHONE in t for t in titles), "once checked, an answer's notification names the question"
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    assert any(PHONE in m.subject for m in queued), "the asker's email should be waiting in the outbox"
    login_as(champion)
    client.post(f"/moderation/redact/question/{question.id}", data={"findings": [PHONE]})
    db.session.expire_all()
    assert PHONE not in db.session.get(Question, question.id).title
    notes = db.session.scalars(select(Notification).where(Notification.url.like(f"/questions/{question.id}%"))).all()
    assert notes and all(PHONE not in n.title for n in notes)
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    assert all(PHONE not in m.subject and PHONE not in m.body for m in queued)


def _override_id(question) -> int:
    from champions.moderation.models import GuardOverride

    return db.session.scalar(select(GuardOverride.id).where(GuardOverride.object_id == question.id,
                                                            GuardOverride.content_type == "question"))


CHI = "0101011237"  # passes the CHI check digit


def test_personal_data_the_author_edits_out_leaves_the_history_too(client, login_as):
    author = factories.user("practitioner")
    reader = factories.user("practitioner")
    db.session.commit()
    login_as(author)
    client.post("/questions/new", data={"title": "Can a PA be paid for training days?",
                                        "body": "Details first.", "visibility": "staff"})
    question = db.session.scalar(select(Question).order_by(Question.id.desc()))
    edit = f"/questions/{question.id}/edit"
    client.post(edit, data={"title": question.title, "body": f"The person's CHI is {CHI}, and they want training.",
                            "visibility": "staff", "confirm_no_personal_data": "y"})
    assert CHI in client.get(f"/questions/{question.id}/history").text
    client.post(edit, data={"title": question.title, "body": "The person wants their PAs trained.",
                            "visibility": "staff"})
    login_as(reader)
    history = client.get(f"/questions/{question.id}/history").text
    assert CHI not in history and "[removed]" in history
    assert "Details first." in history  # the rest of every version is kept
    from champions.audit import AuditEvent

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "question.history_cleaned"))
    assert event is not None and event.actor_id == author.id and CHI not in event.summary


def test_personal_data_still_in_the_post_is_left_for_a_champion_to_decide(client, login_as):
    author = factories.user("practitioner")
    db.session.commit()
    login_as(author)
    client.post("/questions/new", data={"title": "Can a PA be paid for training days?",
                                        "body": f"Call {PHONE} for the team.", "visibility": "staff",
                                        "confirm_no_personal_data": "y"})
    question = db.session.scalar(select(Question).order_by(Question.id.desc()))
    client.post(f"/questions/{question.id}/edit", data={
        "title": question.title, "body": f"Call {PHONE} for the team, weekdays.", "visibility": "staff",
        "confirm_no_personal_data": "y"})
    assert PHONE in client.get(f"/questions/{question.id}/history").text  # confirmed and kept: not removed


def test_an_answer_edited_to_remove_a_phone_number_loses_it_from_its_history(client, login_as):
    question = Question(title="Respite budgets", body="How?", body_html="<p>How?</p>", visibility="staff",
                        author=factories.user("practitioner"))
    db.session.add(question)
    author = factories.user("practitioner")
    db.session.commit()
    login_as(author)
    client.post(f"/questions/{question.id}/answers", data={"body": f"Ring our team on {PHONE}.",
                                                          "confirm_no_personal_data": "y"})
    answer = db.session.scalar(select(Answer).where(Answer.question_id == question.id))
    client.post(f"/questions/answers/{answer.id}/edit", data={"body": "Ask our team through the duty line."})
    history = client.get(f"/questions/answers/{answer.id}/history").text
    assert PHONE not in history and "[removed]" in history


def _index_files_contain(app, needle: bytes) -> bool:
    """Whether any file of the search index on disk still holds these bytes (deleted documents included)."""
    import os

    for folder, _dirs, files in os.walk(app.config["SEARCH_INDEX_DIR"]):
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                if needle in handle.read():
                    return True
    return False


def test_redaction_reaches_meetings_reports_and_the_index_files(app, client, login_as):
    from champions.meetings.models import AgendaItem
    from champions.revisions import Revision
    from champions.moderation.models import Flag
    from champions.search import index, jobs
    from tests import factories_meetings as fm

    champion = factories.user("champion")
    asker = factories.user("practitioner")
    db.session.commit()
    login_as(asker)
    client.post("/questions/new", data={"title": f"Can the PA on {PHONE} claim mileage?", "body": "Details.",
                                        "visibility": "staff", "confirm_no_personal_data": "y"})
    question = db.session.scalar(select(Question).order_by(Question.id.desc()))
    login_as(factories.user("practitioner"))
    client.post(f"/questions/{question.id}/report", data={"reason": "personal_data",
                                                           "note": f"It gives a phone number, {PHONE}."})
    # The next meeting by date: flagged questions go there.
    meeting = fm.meeting(day=date.today() + timedelta(days=7), status="draft")
    db.session.commit()
    login_as(champion)
    client.post(f"/questions/{question.id}/meeting")
    client.post(f"/meetings/{meeting.id}/agenda/add", data={"kind": "flagged_question", "ref": str(question.id)})
    client.post(f"/meetings/{meeting.id}/publish")
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    client.post(f"/meetings/{meeting.id}/items/{item.id}", data={"title": item.title, "notes": "Discussed."})
    meeting_versions = select(Revision).where(Revision.content_type == "meeting", Revision.object_id == meeting.id)
    assert PHONE in db.session.scalars(meeting_versions).one().body
    assert PHONE in client.get(f"/meetings/{meeting.id}").text
    assert index.query(champion, "900123").total >= 2  # the question and the meeting
    assert _index_files_contain(app, b"900123")

    client.post(f"/moderation/redact/question/{question.id}", data={"findings": [PHONE]})
    jobs.process_pending(app)
    db.session.expire_all()
    assert PHONE not in client.get(f"/meetings/{meeting.id}").text
    assert PHONE not in client.get(f"/meetings/{meeting.id}/changes").text
    assert all(PHONE not in r.body + r.summary for r in db.session.scalars(meeting_versions))
    assert "[removed]" in db.session.get(AgendaItem, item.id).title
    assert all(PHONE not in f.note for f in db.session.scalars(select(Flag)))
    assert index.query(champion, "900123").total == 0
    assert index.query(champion, "mileage").total >= 2  # still found by the rest of their words
    assert not _index_files_contain(app, b"900123"), "deleted documents keep the number in the index files"
