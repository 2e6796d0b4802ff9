"""Redaction also reaches the copies of a question's title outside the post: notifications and unsent email."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.questions.models import Question
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
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == champion.id)).all()
    assert any(PHONE in t for t in titles), "asking should have notified the champion"
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    assert any(PHONE in m.subject for m in queued), "the champion's email should be waiting in the outbox"
    login_as(champion)
    client.post(f"/moderation/redact/question/{question.id}", data={"findings": [PHONE]})
    db.session.expire_all()
    assert PHONE not in db.session.get(Question, question.id).title
    notes = db.session.scalars(select(Notification).where(Notification.url.like(f"/questions/{question.id}%"))).all()
    assert notes and all(PHONE not in n.title for n in notes)
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    assert all(PHONE not in m.subject and PHONE not in m.body for m in queued)
