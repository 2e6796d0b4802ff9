"""The resources library: adding (champions publish, staff and partners are reviewed), filters, versions, review."""
from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import select

from champions.attachments import samples
from champions.attachments.models import Attachment
from champions.extensions import db
from champions.notifications.models import Notification
from champions.resources.models import Resource
from champions.search import index
from tests import factories
from tests import factories_practice as fp
from tests import factories_resources as fr


def _new(client, **fields):
    data = {"title": "Carers centre leaflet", "summary": "What the centre offers carers.", "kind": "leaflet",
            "visibility": "partners"} | fields
    return client.post("/resources/new", data=data, content_type="multipart/form-data")


def test_a_champion_adds_a_resource_with_a_file_and_it_is_published(client, login_as):
    login_as("champion")
    response = _new(client, file=(io.BytesIO(samples.pdf("Leaflet", ["Short breaks for carers"])), "leaflet.pdf"))
    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource.status == "published" and resource.review_due_on == date.today() + timedelta(days=365)
    page = client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert "leaflet.pdf" in page and "Published" in page
    assert "Carers centre leaflet" in client.get("/resources/").get_data(as_text=True)


def test_a_partner_submits_a_leaflet_and_a_champion_publishes_it(client, login_as):
    champion = factories.user("champion")
    db.session.commit()
    partner = login_as("partner")
    response = _new(client, file=(io.BytesIO(samples.pdf("Leaflet", ["Peer support"])), "peer.pdf"))
    assert response.status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource.status == "submitted" and resource.organisation_id == partner.organisation_id
    assert db.session.scalar(select(Notification).where(Notification.user_id == champion.id)).kind == "resource_submitted"
    login_as("practitioner")
    assert client.get(f"/resources/{resource.id}").status_code == 404  # not yet shared
    assert "Carers centre leaflet" not in client.get("/resources/").get_data(as_text=True)
    login_as(champion)
    assert "Carers centre leaflet" in client.get("/resources/review").get_data(as_text=True)
    assert client.post(f"/resources/{resource.id}/publish").status_code == 302
    db.session.refresh(resource)
    assert resource.status == "published"
    login_as("practitioner")
    page = client.get("/resources/").get_data(as_text=True)
    assert "Carers centre leaflet" in page and partner.organisation.name in page


def test_staff_suggest_a_resource_for_review(client, login_as):
    login_as("practitioner")
    _new(client, link_url="https://www.gov.scot/publications/self-directed-support-practitioner-guidance/")
    resource = db.session.scalar(select(Resource))
    assert resource.status == "submitted" and resource.link_url.startswith("https://www.gov.scot/")


def test_a_resource_needs_a_file_or_a_secure_link_and_keeps_what_was_typed(client, login_as):
    login_as("champion")
    response = _new(client, title="Kept title")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Choose a file to upload, or enter a link" in page
    assert 'value="Kept title"' in page
    response = _new(client, link_url="http://example.com/x")
    assert response.status_code == 400 and "starting with https://" in response.get_data(as_text=True)
    response = _new(client, link_url="javascript:alert(1)")
    assert response.status_code == 400
    assert db.session.scalar(select(Resource)) is None


def test_personal_data_in_the_summary_is_caught(client, login_as):
    login_as("champion")
    response = _new(client, summary=f"For the person with CHI {fr.make_chi()}", link_url="https://www.gov.scot/")
    assert response.status_code == 400 and "CHI number" in response.get_data(as_text=True)


def test_filters_combine_and_show_counts(client, login_as):
    option = fp.tag("option", "Option 1: direct payment")
    topic = fp.tag("topic", "Carers")
    fr.resource(title="Template A", kind="template", tags=[option])
    fr.resource(title="Leaflet B", kind="leaflet", tags=[option, topic])
    fr.resource(title="Guidance C", kind="guidance", tags=[topic])
    fr.resource(title="Draft D", kind="leaflet", tags=[option], status="draft")
    db.session.commit()
    login_as("practitioner")
    page = client.get(f"/resources/?option={option.id}").get_data(as_text=True)
    assert "Template A" in page and "Leaflet B" in page and "Guidance C" not in page and "Draft D" not in page
    assert "2 resources matching your filters" in page
    page = client.get(f"/resources/?option={option.id}&kind=leaflet").get_data(as_text=True)
    assert "Leaflet B" in page and "Template A" not in page
    # The kind counts are for the other filters chosen: option 1 has one template and one leaflet.
    assert 'for="f-kind-template">Template or form <span class="meta">(1' in page


def test_a_new_version_keeps_the_earlier_one_listed(client, login_as):
    resource = fr.resource(title="Support plan template")
    first = fr.attachment(resource, samples.docx("Plan", ["Version one"]), "plan.docx")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/resources/{resource.id}/files/{first.id}/version",
                           data={"file": (io.BytesIO(samples.docx("Plan", ["Version two"])), "plan-v2.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.replaced_by_id is not None
    page = client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert page.index("plan-v2.docx") < page.index("Earlier versions") < page.index("plan.docx")
    assert len(db.session.scalars(select(Attachment)).all()) == 2


def test_due_for_review_and_confirmation(client, login_as):
    resource = fr.resource(title="Old guidance", review_due_on=date.today() - timedelta(days=1))
    fp.example(title="Old practice example", review_due_on=date.today() - timedelta(days=2))
    db.session.commit()
    login_as("champion")
    page = client.get("/resources/due").get_data(as_text=True)
    assert "Old guidance" in page and "Old practice example" in page  # one list with the practice examples
    assert "Resources due for review: 1" in client.get("/").get_data(as_text=True)
    client.post(f"/resources/{resource.id}/confirm-review")
    db.session.refresh(resource)
    assert resource.review_due_on == date.today() + timedelta(days=365)
    assert "Old guidance" not in client.get("/resources/due").get_data(as_text=True)


def test_archived_resources_leave_the_library_and_search(client, login_as):
    resource = fr.resource(title="Withdrawn policy zanderword")
    db.session.commit()
    champion = login_as("champion")
    client.post(f"/resources/{resource.id}/archive")
    practitioner = login_as("practitioner")
    assert client.get(f"/resources/{resource.id}").status_code == 404
    assert not index.query(practitioner, "zanderword").hits
    assert index.query(champion, "zanderword").hits


def test_a_returned_resource_goes_back_to_its_author_with_comments(client, login_as):
    author = factories.user("practitioner")
    resource = fr.resource(author=author, status="submitted")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/resources/{resource.id}/return", data={})
    assert response.status_code == 400 and "Enter what needs to change" in response.get_data(as_text=True)
    client.post(f"/resources/{resource.id}/return", data={"comment": "Add the date of the guidance"})
    db.session.refresh(resource)
    assert resource.status == "returned"
    login_as(author)
    assert "Add the date of the guidance" in client.get(f"/resources/{resource.id}").get_data(as_text=True)


def test_chosen_filters_stay_ticked_with_a_clear_link_in_both_libraries(client, login_as):
    option = fp.tag("option", "Option 1: direct payment")
    fr.resource(title="Template A", kind="template", tags=[option])
    fp.example(title="Example A", status="published", tags=[option])
    db.session.commit()
    login_as("practitioner")
    for url, noun in (("/resources/", "resource"), ("/practice/", "example")):
        page = client.get(f"{url}?option={option.id}&sort=newest").text
        assert f'id="f-option-{option.id}" name="option" value="{option.id}" checked' in page
        assert f'(1<span class="visually-hidden"> {noun}</span>)' in page
        assert f'<a href="{url}?sort=newest">Clear filters</a>' in page
        assert "Clear filters" not in client.get(url).text
    page = client.get("/resources/?kind=template").text
    assert 'id="f-kind-template" name="kind" value="template" checked' in page and "Clear filters" in page


def test_a_refused_workflow_move_is_explained_and_changes_nothing(client, login_as):
    resource = fr.resource(title="Live guidance")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/resources/{resource.id}/restore", follow_redirects=True)
    assert "Only an archived resource can be restored." in response.text
    assert db.session.get(Resource, resource.id).status == "published"
    assert "Live guidance" in response.text  # back on the resource's page
