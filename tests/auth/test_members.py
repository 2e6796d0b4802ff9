"""Unconfirmed sign-ups are not members (issue 11): not offered, told, assigned or counted; they expire."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth.models import User
from champions.extensions import db
from champions.induction.models import Assignment
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.timeutil import utcnow
from tests import factories
from tests import factories_meetings as fm

GOOD_PASSWORD = "Tay river kettle lantern"


def waiting(name="Unconfirmed Person", **kwargs) -> User:
    return factories.user(display_name=name, email_confirmed_at=None, **kwargs)


def emails_to(user) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == user.email)))


def test_unconfirmed_sign_ups_are_not_offered_as_attendees_or_action_owners(client, login_as):
    login_as("champion")
    waiting()
    factories.user(display_name="Confirmed Colleague")
    meeting = fm.meeting(status="draft")
    db.session.commit()
    for path in ("/meetings/new", f"/meetings/{meeting.id}/actions/new"):
        page = client.get(path).text
        assert "Confirmed Colleague" in page and "Unconfirmed Person" not in page, path


def test_unconfirmed_sign_ups_are_not_told_when_notes_are_published(client, login_as):
    login_as("champion")
    person = waiting()
    colleague = factories.user(display_name="Confirmed Colleague")
    meeting = fm.meeting(status="draft", visibility="staff")
    db.session.commit()
    assert client.post(f"/meetings/{meeting.id}/publish").status_code == 302
    assert db.session.scalar(select(Notification).where(Notification.user_id == colleague.id)) is not None
    assert db.session.scalar(select(Notification).where(Notification.user_id == person.id)) is None
    assert emails_to(person) == []


def test_the_induction_is_assigned_on_confirmation_not_on_registration(client):
    client.post("/auth/register", data={
        "display_name": "New Starter", "email": "new.starter@example.org", "job_title": "", "team": "",
        "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    user = User.by_email("new.starter@example.org")
    assert db.session.scalar(select(Assignment).where(Assignment.user_id == user.id)) is None
    path = re.search(r"http://localhost(/auth/confirm/\S+)", emails_to(user)[-1].body).group(1)
    assert client.post(path).status_code == 302
    assert db.session.scalar(select(Assignment).where(Assignment.user_id == user.id)) is not None


def test_unconfirmed_sign_ups_are_not_counted_as_active(client, login_as):
    login_as("admin")
    factories.user(role="practitioner")
    waiting()
    db.session.commit()
    page = client.get("/admin/").text
    assert re.search(r"Practitioners</dt><dd class=\"summary-list__value\">1<", page)
    listed = client.get("/admin/users?status=active").text
    assert "Unconfirmed Person" not in listed


def test_sign_ups_left_unconfirmed_for_seven_days_are_removed_and_audited(runner):
    old = waiting("Old Sign-up", email="old@example.org")
    old.created_at = utcnow() - timedelta(days=8)
    recent = waiting("Recent Sign-up", email="recent@example.org")
    recent.created_at = utcnow() - timedelta(days=6)
    member = factories.user(display_name="Long-standing Member")
    member.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    old_id = old.id
    result = runner.invoke(args=["expire-unconfirmed"])
    assert "Removed 1 unconfirmed account." in result.output
    db.session.expire_all()
    assert db.session.get(User, old_id) is None
    assert User.by_email("recent@example.org") is not None and User.by_email(member.email) is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.expire_unconfirmed"))
    assert event.target_id == old_id and "old@example.org" in event.summary


def test_an_admin_can_resend_a_confirmation_link(client, login_as):
    login_as("admin")
    person = waiting()
    db.session.commit()
    page = client.get(f"/admin/users/{person.id}").text
    assert "Send a new confirmation link" in page and "Remove unconfirmed account" in page
    response = client.post(f"/admin/users/{person.id}/resend-confirmation", follow_redirects=True)
    assert "A new confirmation link has been sent" in response.text
    assert "Confirm your email address" in emails_to(person)[-1].subject
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.resend_confirmation"))


def test_an_admin_can_remove_an_unconfirmed_account_but_not_a_member(client, login_as):
    admin = login_as("admin")
    person = waiting()
    member = factories.user(display_name="Confirmed Colleague")
    db.session.commit()
    person_id = person.id
    assert "Remove unconfirmed account" not in client.get(f"/admin/users/{member.id}").text
    assert client.post(f"/admin/users/{member.id}/remove").status_code == 403
    response = client.post(f"/admin/users/{person_id}/remove", follow_redirects=True)
    assert "has been removed" in response.text
    db.session.expire_all()
    assert db.session.get(User, person_id) is None and db.session.get(User, member.id) is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.remove_unconfirmed"))
    assert event.actor_id == admin.id and event.target_id == person_id
    assert "Unconfirmed account removed" in client.get("/admin/audit").text


def test_an_unconfirmed_account_other_records_point_at_is_kept(client, login_as):
    """An action given to an unconfirmed account before this rule existed keeps its owner."""
    login_as("admin")
    person = waiting()
    fm.action(owner=person)
    db.session.commit()
    response = client.post(f"/admin/users/{person.id}/remove", follow_redirects=True)
    assert "cannot be removed because other records refer to it" in response.text
    db.session.expire_all()
    assert db.session.get(User, person.id) is not None
