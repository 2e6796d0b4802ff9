"""Adding, serving and removing files: as the uploader and readers see it, with the parent's audience."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from champions.attachments import samples, storage
from champions.attachments.models import Attachment, AttachmentBlob
from champions.audit import AuditEvent
from champions.extensions import db
from champions.search import index
from tests import factories
from tests import factories_meetings as fm
from tests import factories_practice as fp
from tests import factories_resources as fr


def _post_file(client, url, data: bytes, name: str, **fields):
    return client.post(url, data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def test_a_champion_attaches_papers_to_a_meeting_and_staff_download_them(client, login_as):
    champion = login_as("champion")
    meeting = fm.meeting(status="published", visibility="staff")
    db.session.commit()
    paper = samples.pdf("Finance update", ["Direct payment audit returns are due in March."])
    response = _post_file(client, f"/attachments/meeting/{meeting.id}/new", paper, "finance-update.pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/meetings/{meeting.id}#attachments")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "finance-update.pdf" in page and "PDF, 1 KB" in page
    attachment = db.session.scalar(select(Attachment))
    assert attachment.uploader_id == champion.id and "audit returns" in attachment.text

    login_as("practitioner")
    response = client.get(attachment.url)
    assert response.status_code == 200 and response.data == paper
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith('inline; filename="finance-update.pdf"')
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response = client.get(attachment.url + "?download=1")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="finance-update.pdf"')


def test_documents_are_downloaded_not_shown(client, login_as):
    login_as("champion")
    resource = fr.resource()
    attachment = fr.attachment(resource, samples.docx("Plan", ["A plan"]), "support plan.docx")
    db.session.commit()
    response = client.get(attachment.url)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="support plan.docx"')
    assert response.headers["Content-Security-Policy"].startswith("sandbox")


def test_a_partner_cannot_fetch_a_staff_only_file_by_url_search_or_earlier_version(client, login_as):
    resource = fr.resource(visibility="staff", title="Budget calculator guide")
    first = fr.attachment(resource, samples.pdf("Guide", ["kestrelword first version"]), "guide.pdf")
    second = fr.attachment(resource, samples.pdf("Guide", ["kestrelword second version"]), "guide.pdf")
    first.replaced_by_id = second.id
    db.session.commit()
    partner = login_as("partner")
    assert client.get(first.url).status_code == 404
    assert client.get(second.url).status_code == 404
    assert client.get(f"/resources/{resource.id}").status_code == 404
    assert not index.query(partner, "kestrelword").hits
    practitioner = login_as("practitioner")
    assert client.get(first.url).status_code == 200  # the earlier version, to those who read the resource
    page = client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert "Earlier versions" in page
    hits = index.query(practitioner, "kestrelword").hits
    assert [h.title for h in hits] == ["Budget calculator guide (found in the attachment ‘guide.pdf’)"]


def test_a_file_follows_its_parent_when_the_parent_is_hidden(client, login_as):
    question = fp.question(visibility="staff", title="Respite budget")
    attachment = fr.attachment(question, samples.pdf("x", ["gannetword screenshot"]), "notes.pdf")
    db.session.commit()
    practitioner = login_as("practitioner")
    assert index.query(practitioner, "gannetword").hits
    from champions import search

    question.hidden = True
    search.enqueue("question", question.id)  # what hiding does: the question's job brings its files'
    db.session.commit()
    assert not index.query(practitioner, "gannetword").hits
    assert client.get(attachment.url).status_code == 404


@pytest.mark.parametrize("name, make, word", [
    ("guide.pdf", lambda w: samples.pdf("Guide", [f"{w} budget"]), "pdfword"),
    ("plan.docx", lambda w: samples.docx("Plan", [f"{w} outcomes"]), "docxword"),
    ("costs.xlsx", lambda w: samples.xlsx([["Item"], [f"{w} hours"]]), "xlsxword"),
    ("slides.pptx", lambda w: samples.pptx([f"{w} update"]), "pptxword"),
    ("notes.odt", lambda w: samples.odt([f"{w} notes"]), "odtword"),
    ("notes.txt", lambda w: f"{w} plain\n".encode(), "txtword"),
    ("table.csv", lambda w: f"name\n{w}\n".encode(), "csvword"),
])
def test_each_allowed_type_uploads_and_its_text_is_found_by_search(client, login_as, name, make, word):
    champion = login_as("champion")
    resource = fr.resource(title="Searchable resource")
    db.session.commit()
    response = _post_file(client, f"/attachments/resource/{resource.id}/new", make(word), name)
    assert response.status_code == 302, response.get_data(as_text=True)
    hits = index.query(champion, word).hits
    assert hits and f"found in the attachment ‘{name}’" in hits[0].title
    assert hits[0].url == f"/resources/{resource.id}"


def test_an_image_needs_its_description_and_is_shown_inline_with_it(client, login_as):
    login_as("champion")
    question = fp.question(visibility="staff")
    db.session.commit()
    url = f"/attachments/question/{question.id}/new"
    response = _post_file(client, url, samples.image("png"), "screenshot.png")
    assert response.status_code == 400
    assert "Describe the image" in response.get_data(as_text=True)
    response = _post_file(client, url, samples.image("png"), "screenshot.png", alt_text="The calculator page")
    assert response.status_code == 302
    page = client.get(question.url).get_data(as_text=True)
    assert 'alt="The calculator page"' in page and 'width="320"' in page


def test_refused_files_name_what_is_allowed_and_save_nothing(client, login_as):
    login_as("champion")
    resource = fr.resource()
    db.session.commit()
    url = f"/attachments/resource/{resource.id}/new"
    for data, name in ((b"<html><script>alert(1)</script></html>", "agreement.pdf"),
                       (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.pdf"),
                       (b"MZ" + b"\x00" * 500, "setup.pdf")):
        response = _post_file(client, url, data, name, alt_text="kept words")
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "is not a type of file the Hub accepts" in page and "PDF, Word (.docx)" in page
        assert 'value="kept words"' in page
    assert db.session.scalar(select(Attachment)) is None


def test_a_file_over_the_limit_gets_a_clear_message_and_the_form_is_kept(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_MB", 0.25)  # small: the test client keeps it in memory
    login_as("champion")
    resource = fr.resource()
    db.session.commit()
    big = samples.pdf("Big", ["x"]) + b"\n%" + b"0" * (300 * 1024)
    response = _post_file(client, f"/attachments/resource/{resource.id}/new", big, "big.pdf", alt_text="my words")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "‘big.pdf’ is larger than 0.25 MB" in page and 'value="my words"' in page


def test_a_resource_form_over_the_limit_keeps_what_was_typed(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_MB", 0.25)  # small: the test client keeps it in memory
    login_as("champion")
    big = samples.pdf("Big", ["x"]) + b"\n%" + b"0" * (300 * 1024)
    response = client.post("/resources/new", data={
        "title": "Carers leaflet kept", "summary": "A summary I typed", "kind": "leaflet", "visibility": "staff",
        "file": (io.BytesIO(big), "leaflet.pdf")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "larger than 0.25 MB" in page and 'value="Carers leaflet kept"' in page and "A summary I typed" in page


def test_a_pdf_and_a_spreadsheet_with_a_chi_number_are_stopped_and_the_uploader_told_where(client, login_as):
    login_as("champion")
    resource = fr.resource()
    db.session.commit()
    chi = fr.make_chi()
    url = f"/attachments/resource/{resource.id}/new"
    sheet = samples.xlsx([["Name", "CHI"], ["Alex Example", chi]], sheet="Clients")
    response = _post_file(client, url, sheet, "clients.xlsx", confirm_no_personal_data="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "CHI number" in page and "sheet ‘Clients’, cell B2" in page
    document = samples.pdf("Review", ["Notes.", f"Person's CHI {chi[:6]} {chi[6:]}"])
    response = _post_file(client, url, document, "review.pdf", confirm_no_personal_data="y")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "CHI number" in page and "page 1" in page
    assert db.session.scalar(select(Attachment)) is None


def test_a_phone_number_in_a_leaflet_may_be_confirmed(client, login_as):
    login_as("champion")
    resource = fr.resource()
    db.session.commit()
    leaflet = samples.pdf("Carers centre", ["Call us on 07700 900123 for a chat."])
    url = f"/attachments/resource/{resource.id}/new"
    response = _post_file(client, url, leaflet, "leaflet.pdf")
    assert response.status_code == 400 and "phone number" in response.get_data(as_text=True)
    response = _post_file(client, url, leaflet, "leaflet.pdf", confirm_no_personal_data="y")
    assert response.status_code == 302


def test_a_photo_loses_its_metadata_on_upload(client, login_as):
    login_as("champion")
    question = fp.question(visibility="staff")
    db.session.commit()
    photo = samples.image("jpeg", exif={0x013B: "Jo Bloggs camera owner"})
    response = _post_file(client, f"/attachments/question/{question.id}/new", photo, "photo.jpg",
                          alt_text="A day centre garden")
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    served = client.get(attachment.url).data
    assert served.startswith(b"\xff\xd8") and b"Jo Bloggs" not in served


def test_only_editors_add_files(client, login_as):
    author = factories.user("practitioner")
    question = fp.question(author=author, visibility="staff")
    db.session.commit()
    login_as("practitioner")  # someone else
    assert client.get(f"/attachments/question/{question.id}/new").status_code == 403
    login_as(author)
    assert client.get(f"/attachments/question/{question.id}/new").status_code == 200


def test_a_champion_removes_a_file_with_personal_data_and_its_bytes_go(app, client, login_as, runner):
    resource = fr.resource()
    attachment = fr.attachment(resource, samples.pdf("x", ["ospreyword"]), "oops.pdf")
    db.session.commit()
    store = storage.backend()
    assert store.exists(attachment.storage_key)
    champion = login_as("champion")
    response = client.post(f"/attachments/{attachment.id}/remove", data={"personal_data": "y", "reason": "Names"})
    assert response.status_code == 302
    db.session.refresh(attachment)
    assert attachment.hidden and attachment.bytes_deleted and attachment.text == ""
    assert not store.exists(attachment.storage_key)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "attachment.remove"))
    assert event.actor_id == champion.id
    assert "Removed" in client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert client.get(attachment.url).status_code == 404
    login_as("practitioner")
    assert "oops.pdf" not in client.get(f"/resources/{resource.id}").get_data(as_text=True)
    assert client.get(attachment.url).status_code == 404
    assert runner.invoke(args=["uploads", "check"]).exit_code == 0  # deliberately deleted bytes are no problem


def test_a_file_removed_without_personal_data_keeps_its_bytes(client, login_as):
    resource = fr.resource()
    attachment = fr.attachment(resource)
    db.session.commit()
    login_as("champion")
    client.post(f"/attachments/{attachment.id}/remove", data={})
    db.session.refresh(attachment)
    assert attachment.hidden and not attachment.bytes_deleted
    assert storage.backend().exists(attachment.storage_key)


def test_the_database_backend_keeps_bytes_in_the_database(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_STORAGE", "database")
    login_as("champion")
    resource = fr.resource()
    db.session.commit()
    paper = samples.pdf("Paper", ["In the database"])
    assert _post_file(client, f"/attachments/resource/{resource.id}/new", paper, "paper.pdf").status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert db.session.get(AttachmentBlob, attachment.storage_key).data == paper
    assert client.get(attachment.url).data == paper
    db.session.add(AttachmentBlob(key="cd" + "0" * 38, data=b"stray"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["uploads", "check"])
    assert "No record: stored file cd000" in result.output and result.exit_code != 0


def test_a_storage_error_mid_save_leaves_no_resource_and_no_record(client, login_as, monkeypatch):
    def broken(self, key, data):
        raise storage.StorageError("disk full")

    monkeypatch.setattr(storage.LocalStorage, "save", broken)
    login_as("champion")
    response = client.post("/resources/new", data={
        "title": "Direct payment agreement", "summary": "The template", "kind": "template", "visibility": "staff",
        "file": (io.BytesIO(samples.docx("Agreement", ["Terms"])), "agreement.docx")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "could not be saved just now" in page
    assert 'value="Direct payment agreement"' in page
    from champions.resources.models import Resource

    assert db.session.scalar(select(Resource)) is None and db.session.scalar(select(Attachment)) is None


def test_uploads_check_finds_missing_bytes_and_orphans(app, runner):
    resource = fr.resource()
    attachment = fr.attachment(resource)
    db.session.commit()
    store = storage.backend()
    store.delete(attachment.storage_key)
    store.save("ab" + "0" * 38, b"stray")
    result = runner.invoke(args=["uploads", "check"])
    assert result.exit_code != 0
    assert f"Missing bytes: attachment {attachment.id}" in result.output
    assert "No record: stored file ab000" in result.output
    store.delete("ab" + "0" * 38)


def test_files_on_many_answers_cost_one_query(client, login_as, count_queries):
    question = fp.question(visibility="staff")
    from tests import factories_questions as fq

    answers = [fq.answer(question, factories.user("practitioner"), body=f"Answer {n}") for n in range(8)]
    for answer in answers:
        fr.attachment(answer, samples.pdf("x", ["y"]), f"answer-{answer.id}.pdf")
    db.session.commit()
    login_as("practitioner")
    client.get(question.url)  # the tests' SEARCH_SYNC indexes queued work (and commits) on the first search
    with count_queries() as counter:
        page = client.get(question.url).get_data(as_text=True)
    assert all(f"answer-{a.id}.pdf" in page for a in answers)
    assert sum("attachment" in s for s in counter.statements) == 1, [s[:200] for s in counter.statements if "attachment" in s]


def _parent(kind):
    from tests import factories_questions as fq

    champion = factories.user("champion")
    if kind == "answer":
        answer = fq.answer(fp.question(visibility="staff"), champion, body="An answer")
        return answer, answer.question.url
    if kind == "practice_example":
        example = fp.example(visibility="staff")
        return example, f"/practice/{example.id}"
    if kind == "update":
        update = fp.update(visibility="staff")
        return update, f"/updates/{update.id}"
    meeting = fm.meeting(status="published", visibility="staff")
    return meeting, f"/meetings/{meeting.id}"


@pytest.mark.parametrize("kind", ["answer", "practice_example", "update", "meeting"])
def test_a_champion_adds_a_file_to_each_kind_of_parent_and_readers_see_it(client, login_as, kind):
    parent, page_url = _parent(kind)
    db.session.commit()
    login_as("champion")
    assert "Add a file" in client.get(page_url).get_data(as_text=True)
    response = _post_file(client, f"/attachments/{kind}/{parent.id}/new", b"Agenda notes\n", "notes.txt")
    assert response.status_code == 302
    login_as("practitioner")
    page = client.get(page_url).get_data(as_text=True)
    assert "notes.txt" in page and "Plain text" in page
