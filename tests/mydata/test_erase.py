"""Erasing a leaver's personal data: the name is gone, posts remain, they cannot sign in, the audit entry exists."""
from __future__ import annotations

from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth.models import User
from champions.extensions import db
from champions.induction.models import Reflection
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage, queue_email
from tests import factories
from tests import factories_induction as induction
from tests import factories_practice as practice
from tests import factories_questions as make


def test_erase_a_leaver(app, client, login_as):
    module = induction.module(lessons=1)
    leaver = factories.user("practitioner", display_name="Isla Leaver", email="isla.leaver@example.org")
    db.session.add(Reflection(user_id=leaver.id, lesson_id=module.lessons[0].id, text="Private thoughts"))
    question = make.question(author=leaver, title="How are carers assessed for short breaks?")
    make.answer(make.question(), author=leaver, body="We use the carers' support plan.")
    draft = practice.example(author=leaver, status="draft", title="An unfinished draft")
    db.session.add(Notification(user_id=leaver.id, kind="x", title="A notice", url="/", visibility="staff"))
    queue_email("isla.leaver@example.org", "Waiting email", "Hello Isla Leaver")
    db.session.commit()
    draft_id = draft.id
    admin = login_as("admin")
    page = client.post(f"/my-data/erase/{leaver.id}", data={}).get_data(as_text=True)
    assert "Confirm you understand this cannot be undone" in page
    response = client.post(f"/my-data/erase/{leaver.id}", data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(User, leaver.id)
    assert person.display_name == "Former member of staff" and "isla" not in person.email and not person.active
    assert db.session.scalar(select(Reflection).where(Reflection.user_id == leaver.id)) is None
    assert db.session.scalar(select(Notification).where(Notification.user_id == leaver.id)) is None
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "isla.leaver@example.org")) is None
    assert db.session.get(type(draft), draft_id) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.erased"))
    assert event.actor_id == admin.id and event.target_id == leaver.id and not event.before_json and not event.after_json
    # Posts remain, under the new name, on the page and in search.
    login_as("practitioner")
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "How are carers assessed for short breaks?" in page and "Former member of staff" in page
    assert "Isla Leaver" not in page
    results = client.get("/search/?q=carers+assessed+short+breaks").get_data(as_text=True)
    assert "How are carers assessed for short breaks?" in results and "Isla Leaver" not in results
    # They cannot sign in, with their old email or the new one.
    fresh = app.test_client()
    for email in ("isla.leaver@example.org", person.email):
        response = fresh.post("/auth/sign-in", data={"email": email, "password": factories.PASSWORD})
        assert response.status_code != 302
        assert fresh.get("/").status_code == 302


def test_only_admins_erase_and_never_themselves(client, login_as):
    person = factories.user("practitioner")
    db.session.commit()
    email, name = person.email, person.display_name
    login_as("champion")
    assert client.post(f"/my-data/erase/{person.id}", data={"confirm": "y"}).status_code == 403
    admin = login_as("admin")
    assert client.get(f"/my-data/erase/{admin.id}").status_code == 403
    assert client.post(f"/my-data/erase/{admin.id}", data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert (person.email, person.display_name) == (email, name)  # the refused erasure changed nothing
    assert db.session.get(User, admin.id).email == admin.email and admin.display_name != "Former member of staff"


def test_admin_pages_link_to_erasure_and_list_retention(client, login_as):
    person = factories.user("practitioner")
    db.session.commit()
    login_as("admin")
    assert f"/my-data/erase/{person.id}" in client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    page = client.get("/admin/").get_data(as_text=True)
    assert "How long data is kept" in page and "90 days" in page
