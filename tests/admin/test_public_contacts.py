"""Known public contact details (issue 11 item 6): organisation records and the admins' list are not personal data."""
from __future__ import annotations

from sqlalchemy import select

from champions.admin.models import PublicContact
from champions.audit import AuditEvent
from champions.extensions import db
from champions.induction.models import Lesson
from champions.updates.models import Update
from tests import factories
from tests import factories_induction as make


def _add(client, value="0131 496 0000", label="Council offices, High Street"):
    return client.post("/admin/public-contacts", data={"value": value, "label": label})


def test_admin_adds_and_softly_removes_a_public_contact_detail(client, login_as):
    login_as("admin")
    assert _add(client).status_code == 302
    contact = db.session.scalar(select(PublicContact))
    assert (contact.value, contact.label, contact.removed_at) == ("0131 496 0000", "Council offices, High Street", None)
    page = client.get("/admin/public-contacts").text
    assert "0131 496 0000" in page and "Council offices, High Street" in page and "Remove" in page
    assert client.post(f"/admin/public-contacts/{contact.id}/remove").status_code == 302
    db.session.refresh(contact)
    assert contact.removed_at is not None  # kept, not deleted
    page = client.get("/admin/public-contacts").text
    assert "Nothing on the list yet." in page and "Removed" in page and "0131 496 0000" in page
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["public_contact.create", "public_contact.remove"]


def test_public_contact_bad_input_is_named_and_kept(client, login_as):
    login_as("admin")
    response = _add(client, value="call the office", label="")
    assert response.status_code == 400
    assert "Enter one phone number, email address or postcode" in response.text
    assert "Say whose contact detail this is" in response.text and 'value="call the office"' in response.text
    _add(client)
    response = _add(client, value="+44 131 4960000")  # the same number, written another way
    assert response.status_code == 400 and "This is already on the list" in response.text
    assert len(db.session.scalars(select(PublicContact)).all()) == 1


def test_a_lesson_with_a_listed_council_office_number_is_not_flagged(client, login_as):
    db.session.add(PublicContact(value="01314960000", label="Council offices"))
    module = make.module(status="draft", lessons=0)
    db.session.commit()
    login_as("champion")
    url = f"/induction/manage/modules/{module.id}/lessons/new"
    response = client.post(url, data={"title": "Who to ring", "body": "Ring the SDS team on 0131\u00a0496\u00a00000."})
    assert response.status_code == 302 and db.session.scalar(select(Lesson)).title == "Who to ring"
    response = client.post(url, data={"title": "Mrs B", "body": "Or ring Mrs B on 0131 496 0999."})
    assert response.status_code == 400 and "0131 496 0999" in response.text


def test_a_removed_public_contact_is_flagged_again(client, login_as):
    login_as("admin")
    _add(client)
    client.post(f"/admin/public-contacts/{db.session.scalar(select(PublicContact.id))}/remove")
    module = make.module(status="draft", lessons=0)
    db.session.commit()
    login_as("champion")
    response = client.post(f"/induction/manage/modules/{module.id}/lessons/new",
                           data={"title": "Who to ring", "body": "Ring 0131 496 0000."})
    assert response.status_code == 400 and "0131 496 0000" in response.text


def test_a_partner_event_update_with_its_organisations_contacts_is_not_flagged(client, login_as):
    org = factories.organisation("Carers Centre Fife", kind="partner", contact_phone="01632 960456",
                                 contact_email="Bookings@Carers-Fife.example.net",
                                 address="12 High Street\nKirkcaldy\nKY1 1AA")
    council = factories.organisation("Fife Council", contact_phone="03451 555555")
    author = factories.user("partner", organisation_=org)
    db.session.commit()
    login_as(author)
    body = ("Book on 01632\u00a0960456 or bookings@carers-fife.example.net; we are at KY1\u00a01AA. "
            "The council's SDS line is 03451 555 555.")
    response = client.post("/updates/new", data={"title": "Carers week drop-in", "body": body, "category": "events"})
    assert response.status_code == 302, response.text
    assert db.session.scalar(select(Update)).title == "Carers week drop-in"
    response = client.post("/updates/new", data={"title": "Mrs B", "body": "Mrs B lives at KY1 2AB.", "category": "events"})
    assert "KY1 2AB" in response.text and "postcode" in response.text
    assert len(db.session.scalars(select(Update)).all()) == 1
    assert council.contact_phone  # the council's record is what made its number public


def test_admin_records_an_organisations_postal_address(client, login_as):
    org = factories.organisation("Address Council")
    db.session.commit()
    login_as("admin")
    response = client.post(f"/admin/organisations/{org.id}/edit", data={
        "name": "Address Council", "kind": "council", "address": "Council Offices\nEH1 1YZ"})
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.address == "Council Offices\nEH1 1YZ"
    assert "EH1 1YZ" in client.get(f"/admin/organisations/{org.id}").text
