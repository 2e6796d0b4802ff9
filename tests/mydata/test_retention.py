"""Retention: old notifications and old sent email bodies are purged; the privacy notice lists the periods."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.timeutil import utcnow
from tests import factories


def test_purge_removes_only_what_is_past_its_period(app, runner):
    person = factories.user()
    old = Notification(user_id=person.id, kind="x", title="Old", url="/", visibility="staff",
                       created_at=utcnow() - timedelta(days=400))
    new = Notification(user_id=person.id, kind="x", title="New", url="/", visibility="staff")
    sent_old = OutboxMessage(to_address="a@example.org", subject="s", body="Old body", status="sent",
                             sent_at=utcnow() - timedelta(days=100))
    sent_new = OutboxMessage(to_address="a@example.org", subject="s", body="New body", status="sent",
                             sent_at=utcnow() - timedelta(days=10))
    db.session.add_all([old, new, sent_old, sent_new])
    db.session.commit()
    result = runner.invoke(args=["mydata", "purge"])
    assert "1 notifications, 1 email bodies purged." in result.output
    db.session.expire_all()
    assert [n.title for n in db.session.scalars(select(Notification))] == ["New"]
    assert sorted(m.body for m in db.session.scalars(select(OutboxMessage))) == ["", "New body"]


def test_privacy_notice_lists_the_periods(client):
    page = client.get("/my-data/privacy").get_data(as_text=True)
    assert "12 months" in page and "90 days" in page
