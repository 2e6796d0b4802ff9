"""The moderation queue: champions hide, dismiss and redact; every action is audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.moderation.models import Flag
from champions.revisions import Revision
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def test_queue_lists_open_flags_for_champions_only(client, login_as):
    q = fq.question(title="A reported question about budgets")
    answer = fq.answer(q, body="An answer somebody reported")
    reporter = factories.user("practitioner", display_name="Rita Reporter")
    fq.flag("question", q.id, reporter, reason="inaccurate", note="Limits changed in April")
    fq.flag("answer", answer.id, reporter, reason="personal_data")
    done = fq.flag("question", q.id, reporter)
    done.resolved_at = q.created_at
    db.session.commit()
    login_as("practitioner")
    assert client.get("/moderation/").status_code == 403
    login_as("champion")
    page = client.get("/moderation/").get_data(as_text=True)
    assert "2 open reports" in page
    assert "Inaccurate or out of date" in page and "Limits changed in April" in page and "Rita Reporter" in page
    assert "An answer somebody reported" in page and "Personal data about a person who uses services" in page


def test_dismiss_resolves_and_audits(client, login_as):
    flag = fq.flag("question", fq.question().id)
    db.session.commit()
    champion = login_as("champion")
    client.post(f"/moderation/flags/{flag.id}/dismiss")
    db.session.refresh(flag)
    assert flag.resolution == "dismissed" and flag.resolved_by_id == champion.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "flag.dismiss")).actor_id == champion.id
    assert "0 open reports" in client.get("/moderation/").get_data(as_text=True)


def test_hide_from_the_queue_resolves_every_report_on_the_post(client, login_as):
    q = fq.question()
    answer = fq.answer(q)
    first, second = fq.flag("answer", answer.id), fq.flag("answer", answer.id)
    db.session.commit()
    login_as("champion")
    page = client.post(f"/moderation/flags/{first.id}/hide", data={"reason": ""}).get_data(as_text=True)
    assert "Enter why you are hiding it" in page
    client.post(f"/moderation/flags/{first.id}/hide", data={"reason": "Inappropriate"})
    db.session.refresh(answer)
    assert answer.hidden and answer.hidden_reason == "Inappropriate"
    assert {f.resolution for f in db.session.scalars(select(Flag))} == {"hidden"}
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "answer.hide"))
    assert second.id


def test_redaction_removes_text_everywhere_and_audits_without_it(client, login_as):
    asker = factories.user("practitioner")
    q = fq.question(asker, body="Call her on 07700 900123 about it.")
    db.session.commit()
    login_as(asker)
    client.post(f"/questions/{q.id}/edit", data={"title": q.title, "body": "Call her on 07700 900123 about it, Mrs Smith.",
                                                  "visibility": "staff", "confirm_no_personal_data": "y"})
    flag = fq.flag("question", q.id, reason="personal_data")
    db.session.commit()
    login_as("champion")
    page = client.get(f"/moderation/redact/question/{q.id}").get_data(as_text=True)
    assert "07700 900123" in page
    page = client.post(f"/moderation/redact/question/{q.id}", data={}).get_data(as_text=True)
    assert "Choose the personal data to remove" in page
    client.post(f"/moderation/redact/question/{q.id}", data={"findings": ["07700 900123"], "text_to_remove": "Mrs Smith"})
    db.session.refresh(q)
    assert "07700" not in q.body and "Mrs Smith" not in q.body and "[removed]" in q.body_html
    for revision in db.session.scalars(select(Revision).where(Revision.object_id == q.id)):
        assert "07700" not in revision.body and "Mrs Smith" not in revision.body
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "question.redact"))
    assert "07700" not in event.summary + event.after_json and "Smith" not in event.summary + event.after_json
    db.session.refresh(flag)
    assert flag.resolution == "redacted"


def test_practitioner_cannot_redact_or_dismiss(client, login_as):
    q = fq.question()
    flag = fq.flag("question", q.id)
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/moderation/redact/question/{q.id}", data={"text_to_remove": "x"}).status_code == 403
    assert client.post(f"/moderation/flags/{flag.id}/dismiss").status_code == 403
    assert db.session.get(Flag, flag.id).resolved_at is None


def test_dismiss_needs_csrf(client, login_as, csrf_enabled):
    flag = fq.flag("question", fq.question().id)
    db.session.commit()
    login_as("champion")
    assert client.post(f"/moderation/flags/{flag.id}/dismiss").status_code == 400
    assert db.session.scalar(select(Flag.resolved_at).where(Flag.id == flag.id)) is None


def test_redacting_a_full_length_title_keeps_it_within_the_column(client, login_as):
    """'[removed]' is longer than a postcode: a 150-character title stays 150 characters (PostgreSQL enforces it)."""
    title = ("Moving to a flat near EH1 1YZ: " + "how do we plan the move " * 10)[:150]
    q = fq.question(title=title)
    db.session.commit()
    login_as("champion")
    response = client.post(f"/moderation/redact/question/{q.id}", data={"text_to_remove": "EH1 1YZ"})
    assert response.status_code == 302
    db.session.refresh(q)
    assert "EH1 1YZ" not in q.title and "[removed]" in q.title and len(q.title) <= 150
    for revision in db.session.scalars(select(Revision).where(Revision.object_id == q.id)):
        assert "EH1 1YZ" not in revision.title and len(revision.title) <= 150
