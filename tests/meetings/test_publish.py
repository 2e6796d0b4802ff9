"""Publishing: who is told (in-app and email), revisions after publishing, and what search finds."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from tests import factories
from tests import factories_meetings as fm


@pytest.fixture
def people(app):
    made = {role: factories.user(role) for role in ("practitioner", "partner", "champion", "admin")}
    made["quiet"] = factories.user("practitioner", email_frequency="none")
    made["inactive"] = factories.user("practitioner", active=False)
    db.session.commit()
    return made


def _told(meeting):
    rows = db.session.scalars(select(Notification).where(Notification.kind == "meeting_published")).all()
    assert all(n.url == f"/meetings/{meeting.id}" for n in rows)
    return {n.user_id for n in rows}


@pytest.mark.parametrize("visibility,told", [
    ("champions", {"admin"}),
    ("staff", {"practitioner", "quiet", "admin"}),
    ("partners", {"practitioner", "quiet", "partner", "admin"}),
])
def test_publish_tells_the_audience_by_visibility(client, login_as, people, visibility, told):
    publisher = login_as("champion")
    meeting = fm.meeting(status="draft", visibility=visibility, attendees=[people["champion"], publisher])
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/publish", follow_redirects=True)
    assert "Published." in response.get_data(as_text=True)
    db.session.expire_all()
    assert meeting.status == "published" and meeting.published_at is not None
    expected = {people[key].id for key in told} | {people["champion"].id}  # attendees too, never the publisher
    assert _told(meeting) == expected
    emailed = {m.to_address for m in db.session.scalars(select(OutboxMessage))}
    assert people["quiet"].email not in emailed and publisher.email not in emailed
    assert people["champion"].email in emailed
    assert all(meeting.title in m.subject for m in db.session.scalars(select(OutboxMessage)))


def test_publishing_twice_does_not_tell_people_twice(client, login_as, people):
    login_as("champion")
    meeting = fm.meeting(status="draft")
    db.session.commit()
    client.post(f"/meetings/{meeting.id}/publish")
    count = db.session.scalar(select(db.func.count()).select_from(Notification))
    client.post(f"/meetings/{meeting.id}/publish")
    assert db.session.scalar(select(db.func.count()).select_from(Notification)) == count


def test_practitioner_cannot_publish_and_partner_cannot_see_a_draft(client, login_as, people):
    meeting = fm.meeting(status="draft")
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/meetings/{meeting.id}/publish").status_code == 404
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    db.session.expire_all()
    assert meeting.status == "draft"


def test_edits_after_publishing_keep_revisions(client, login_as):
    login_as("champion")
    meeting = fm.meeting(status="draft")
    item = fm.agenda_item(meeting, "Finance update", notes="First draft of the notes.")
    db.session.commit()
    client.post(f"/meetings/{meeting.id}/items/{item.id}", data={"title": "Finance update", "notes": "Second draft."})
    assert meeting.revisions == []  # no revisions while a draft
    client.post(f"/meetings/{meeting.id}/publish")
    client.post(f"/meetings/{meeting.id}/items/{item.id}",
                data={"title": "Finance update", "notes": "Corrected: audit returns are due in June."})
    db.session.expire_all()
    summaries = [r.summary for r in meeting.revisions]
    assert "Edited the notes for 'Finance update'" in summaries
    edit = next(r for r in meeting.revisions if r.summary.startswith("Edited"))
    assert "Second draft." in edit.body and "Corrected" not in edit.body
    page = client.get(f"/meetings/{meeting.id}/changes").get_data(as_text=True)
    assert "Edited the notes for &#39;Finance update&#39;" in page and "Second draft." in page
    detail = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Corrected: audit returns" in detail
    assert f"Changes since publishing ({len(meeting.revisions)})" in detail
    login_as("practitioner")
    assert client.get(f"/meetings/{meeting.id}/changes").status_code == 403


def _search(user, text):
    from champions.search import index

    return [hit.url for hit in index.query(user, text).hits]


def test_search_finds_meetings_only_within_their_visibility(client, login_as, people):
    champion = login_as("champion")
    staff = fm.meeting(title="Staff notes", visibility="staff")
    partners = fm.meeting(title="Partner notes", visibility="partners", day=fm.today() - timedelta(days=40))
    draft = fm.meeting(title="Draft notes", status="draft", visibility="partners", day=fm.today() + timedelta(days=5))
    db.session.commit()
    for meeting in (staff, partners, draft):
        client.post(f"/meetings/{meeting.id}/agenda/free", data={"free_title": "Zebracorn budget discussion"})
    expected = {
        "practitioner": {f"/meetings/{staff.id}", f"/meetings/{partners.id}"},
        "partner": {f"/meetings/{partners.id}"},
        "champion": {f"/meetings/{staff.id}", f"/meetings/{partners.id}", f"/meetings/{draft.id}"},
    }
    for role, urls in expected.items():
        user = champion if role == "champion" else people[role]
        assert set(_search(user, "zebracorn")) == urls, role


def test_an_attendee_who_cannot_see_the_notes_is_not_told(client, login_as, people):
    login_as("champion")
    meeting = fm.meeting(status="draft", visibility="champions", attendees=[people["partner"], people["practitioner"]])
    db.session.commit()
    client.post(f"/meetings/{meeting.id}/publish")
    told = _told(meeting)
    assert people["partner"].id not in told and people["practitioner"].id not in told
    assert people["admin"].id in told
    emailed = {m.to_address for m in db.session.scalars(select(OutboxMessage))}
    assert people["partner"].email not in emailed
