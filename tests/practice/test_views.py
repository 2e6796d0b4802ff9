"""Practice examples: who sees what, the workflow, and bad input."""
from __future__ import annotations

import re

from datetime import date, timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.practice.models import PracticeExample, PracticeTransition
from champions.revisions import Revision
from tests import factories
from tests import factories_practice as fp
from tests.pages import date_box_tag, date_boxes

CHI = "1203850001"  # an invented CHI number that passes the modulus 11 check


def _form(**overrides):
    data = {"title": "A laptop through a direct payment", "summary": "A short summary.",
            "situation": "Someone wanted to get back into work.", "action": "We agreed a direct payment.",
            "outcomes_text": "They found a job.", "visibility": "staff", "anonymised_confirmed": "y"}
    data.update(overrides)
    return data


# --- who sees what --------------------------------------------------------------------

def test_library_lists_published_examples_only(client, login_as):
    login_as("practitioner")
    fp.example(title="Published one")
    fp.example(title="A draft", status="draft")
    fp.example(title="Archived one", status="archived")
    db.session.commit()
    page = client.get("/practice/").text
    assert "Published one" in page
    assert "A draft" not in page and "Archived one" not in page


def test_partner_sees_only_examples_shared_with_partners(client, login_as):
    login_as("partner")
    shared = fp.example(title="Shared with partners", visibility="partners")
    staff_only = fp.example(title="Staff only example", visibility="staff")
    db.session.commit()
    page = client.get("/practice/").text
    assert "Shared with partners" in page and "Staff only example" not in page
    assert client.get(f"/practice/{shared.id}").status_code == 200
    assert client.get(f"/practice/{staff_only.id}").status_code == 404


def test_a_draft_is_seen_only_by_its_author_and_returned_by_the_author_and_champions(app, client, login_as):
    author = factories.user("practitioner")
    draft = fp.example(author=author, status="draft", title="My draft")
    returned = fp.example(author=author, status="returned", title="Returned one", review_comment="Add the outcome")
    submitted = fp.example(author=author, status="submitted", title="Submitted one")
    db.session.commit()
    login_as("practitioner")
    assert client.get(f"/practice/{draft.id}").status_code == 404
    assert client.get(f"/practice/{returned.id}").status_code == 404
    login_as(author)
    assert client.get(f"/practice/{draft.id}").status_code == 200
    page = client.get(f"/practice/{returned.id}").text
    assert "Add the outcome" in page
    mine = client.get("/practice/mine").text
    assert "My draft" in mine and "Returned one" in mine and "Submitted one" in mine
    for role in ("champion", "admin"):
        login_as(role)
        # Not yet confirmed anonymised: nobody else opens, edits or links a draft, and no list shows it.
        assert client.get(f"/practice/{draft.id}").status_code == 404
        assert client.get(f"/practice/{draft.id}/edit").status_code == 404
        assert client.get(f"/practice/{draft.id}/history").status_code == 404
        assert client.get(f"/practice/{returned.id}").status_code == 200
        assert client.get(f"/practice/{submitted.id}").status_code == 200
        assert "My draft" not in client.get("/practice/review").text + client.get("/practice/").text
        assert "Submitted one" in client.get("/practice/review").text
        assert "My draft" not in client.get("/practice/mine").text


def test_partner_cannot_write_examples(client, login_as):
    login_as("partner")
    assert client.get("/practice/new").status_code == 403
    assert client.post("/practice/new", data=_form()).status_code == 403
    assert db.session.scalar(select(PracticeExample)) is None


# --- workflow -----------------------------------------------------------------------

def test_practitioner_writes_and_submits_then_champions_are_told(client, login_as):
    champion = factories.user("champion")
    author = login_as("practitioner")
    response = client.post("/practice/new", data=_form(submit_for_review="1"))
    assert response.status_code == 302
    example = db.session.scalar(select(PracticeExample))
    assert example.status == "submitted" and example.author_id == author.id
    assert example.situation_html.startswith("<p>")
    assert db.session.scalar(select(Revision).where(Revision.content_type == "practice_example", Revision.object_id == example.id))
    step = db.session.scalar(select(PracticeTransition))
    assert (step.from_status, step.to_status, step.actor_id) == ("draft", "submitted", author.id)
    assert db.session.scalar(select(Notification).where(Notification.user_id == champion.id))


def test_sending_the_same_example_twice_makes_one_and_says_it_was_already_saved(client, login_as):
    """Back and 'Save and submit for review' again must not make a second example for the champions to review."""
    login_as("practitioner")
    assert client.post("/practice/new", data=_form(submit_for_review="1")).status_code == 302
    again = client.post("/practice/new", data=_form(submit_for_review="1", action=" We agreed  a direct payment."),
                        follow_redirects=True)
    examples = db.session.scalars(select(PracticeExample)).all()
    assert len(examples) == 1
    assert "You had already saved this example, so it was not saved again." in again.text
    assert f'href="/practice/{examples[0].id}">Go to your example</a>' in again.text
    client.post("/practice/new", data=_form(title="A tablet through a direct payment", submit_for_review="1"))
    assert len(db.session.scalars(select(PracticeExample)).all()) == 2  # a different example is sent


def test_a_draft_saved_then_sent_for_review_from_the_same_page_is_sent(client, login_as):
    """Save as a draft, Back, then 'Save and submit for review': the person asked for a review, so it is sent."""
    login_as("practitioner")
    client.post("/practice/new", data=_form(save_draft="1"))
    client.post("/practice/new", data=_form(save_draft="1"))
    assert [e.status for e in db.session.scalars(select(PracticeExample))] == ["draft"]
    client.post("/practice/new", data=_form(submit_for_review="1"))
    assert sorted(e.status for e in db.session.scalars(select(PracticeExample))) == ["draft", "submitted"]


def test_save_as_draft_does_not_submit(client, login_as):
    login_as("practitioner")
    client.post("/practice/new", data=_form(save_draft="1"))
    assert db.session.scalar(select(PracticeExample)).status == "draft"


def test_practitioner_cannot_publish(client, login_as):
    author = login_as("practitioner")
    example = fp.example(author=author, status="submitted")
    db.session.commit()
    assert client.post(f"/practice/{example.id}/publish").status_code == 403
    db.session.refresh(example)
    assert example.status == "submitted"


def test_champion_returns_with_comment_author_resubmits_champion_publishes(client, login_as):
    author = factories.user("practitioner")
    example = fp.example(author=author, status="submitted")
    db.session.commit()
    login_as("champion")
    client.post(f"/practice/{example.id}/return", data={"comment": "Say which option was used."})
    db.session.refresh(example)
    assert example.status == "returned" and example.review_comment == "Say which option was used."
    assert db.session.scalar(select(Notification).where(Notification.user_id == author.id,
                                                        Notification.kind == "practice_returned"))
    login_as(author)
    assert "Say which option was used." in client.get(f"/practice/{example.id}/edit").text
    client.post(f"/practice/{example.id}/edit", data=_form(action="Option 1, a direct payment.", submit_for_review="1"))
    db.session.refresh(example)
    assert example.status == "submitted"
    login_as("champion")
    client.post(f"/practice/{example.id}/publish")
    db.session.refresh(example)
    assert example.status == "published" and example.published_at is not None
    assert example.review_due_on == date.today() + timedelta(days=365)
    assert [s.to_status for s in example.transitions] == ["published", "submitted", "returned"]


def test_every_workflow_step_is_in_the_audit_log_with_the_status_before_and_after(client, login_as):
    from champions.audit import AuditEvent

    author = login_as("practitioner")
    client.post("/practice/new", data=_form(title="Audited example", submit_for_review="1"))
    example = db.session.scalar(select(PracticeExample))
    champion = login_as("champion")
    client.post(f"/practice/{example.id}/return", data={"comment": "Say which option was used."})
    login_as(author)
    client.post(f"/practice/{example.id}/submit")
    login_as(champion)
    for step in ("publish", "confirm-review", "archive", "restore"):
        client.post(f"/practice/{example.id}/{step}")
    client.post(f"/practice/{example.id}/archive")
    client.post(f"/practice/{example.id}/publish")  # refused (it is archived): nothing recorded
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.before.get("status"), e.after.get("status"), e.actor_id) for e in events] == [
        ("practice.submit", "draft", "submitted", author.id),
        ("practice.return", "submitted", "returned", champion.id),
        ("practice.submit", "returned", "submitted", author.id),
        ("practice.publish", "submitted", "published", champion.id),
        ("practice.confirm_review", "published", "published", champion.id),
        ("practice.archive", "published", "archived", champion.id),
        ("practice.restore", "archived", "published", champion.id),
        ("practice.archive", "published", "archived", champion.id),
    ]
    assert all(e.summary == "Audited example" and e.target_id == example.id for e in events)
    assert events[1].after["comment"] == "Say which option was used."
    assert events[3].after["review_due_on"] == str(date.today() + timedelta(days=365))
    login_as("admin")
    page = client.get("/admin/audit").text
    for code in ("submit", "return", "publish", "confirm_review", "archive", "restore"):
        assert f"Code: practice.{code}" in page
    assert "Practice example published" in page and "Audited example" in page
    page = client.get("/admin/audit?action=practice.return").text
    assert "Say which option was used." in page and "Code: practice.publish" not in page


def test_return_needs_a_comment(client, login_as):
    example = fp.example(status="submitted")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/practice/{example.id}/return", data={"comment": ""})
    assert "Enter what the author needs to change" in response.text
    db.session.refresh(example)
    assert example.status == "submitted"


def test_publishing_a_returned_example_is_refused_with_a_message(client, login_as):
    example = fp.example(status="returned")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/practice/{example.id}/publish", follow_redirects=True)
    assert "Only an example submitted for review can be published." in response.text
    db.session.refresh(example)
    assert example.status == "returned"


def test_a_champion_cannot_publish_or_archive_someone_elses_draft(client, login_as):
    example = fp.example(status="draft")
    db.session.commit()
    login_as("champion")
    assert client.post(f"/practice/{example.id}/publish").status_code == 404
    assert client.post(f"/practice/{example.id}/archive").status_code == 404
    db.session.refresh(example)
    assert example.status == "draft"


def test_archiving_a_submitted_example_is_refused(client, login_as):
    example = fp.example(status="submitted")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/practice/{example.id}/archive", follow_redirects=True)
    assert "Only a published example can be archived." in response.text
    db.session.refresh(example)
    assert example.status == "submitted"


def test_archive_and_restore(client, login_as):
    example = fp.example(title="To archive")
    db.session.commit()
    login_as("champion")
    client.post(f"/practice/{example.id}/archive")
    db.session.refresh(example)
    assert example.status == "archived"
    assert "To archive" not in client.get("/practice/").text
    client.post(f"/practice/{example.id}/restore")
    db.session.refresh(example)
    assert example.status == "published"


def test_due_for_review_list_and_confirm(client, login_as):
    overdue = fp.example(title="Overdue example", review_due_on=date.today() - timedelta(days=3))
    fp.example(title="Fresh example")
    db.session.commit()
    login_as("champion")
    page = client.get("/practice/due").text
    assert "Overdue example" in page and "Fresh example" not in page
    assert "due for review: 1" in client.get("/").text
    client.post(f"/practice/{overdue.id}/confirm-review")
    db.session.refresh(overdue)
    assert overdue.review_due_on == date.today() + timedelta(days=365)
    assert "Overdue example" not in client.get("/practice/due").text


def test_review_queue_and_home_panel_for_champions_only(client, login_as):
    fp.example(title="Waiting example", status="submitted")
    db.session.commit()
    login_as("practitioner")
    assert client.get("/practice/review").status_code == 403
    assert "awaiting review" not in client.get("/").text
    login_as("champion")
    assert "Waiting example" in client.get("/practice/review").text
    assert "Practice examples awaiting review: 1" in client.get("/").text


# --- bad input ------------------------------------------------------------------------

def test_missing_fields_keep_what_was_typed(client, login_as):
    login_as("practitioner")
    response = client.post("/practice/new", data=_form(title="", summary="Kept summary text"))
    assert response.status_code == 200
    assert "Enter a title" in response.text and "Kept summary text" in response.text
    assert db.session.scalar(select(PracticeExample)) is None


def test_anonymisation_must_be_confirmed(client, login_as):
    login_as("practitioner")
    data = _form()
    del data["anonymised_confirmed"]
    response = client.post("/practice/new", data=data)
    assert "Confirm the example is anonymised" in response.text
    assert db.session.scalar(select(PracticeExample)) is None


def test_personal_data_is_caught_then_can_be_confirmed(client, login_as):
    login_as("practitioner")
    response = client.post("/practice/new", data=_form(situation=f"Their CHI is {CHI}."))
    assert "CHI number" in response.text and f"Their CHI is {CHI}." in response.text
    assert db.session.scalar(select(PracticeExample)) is None
    client.post("/practice/new", data=_form(situation=f"Their CHI is {CHI}.", confirm_no_personal_data="y"))
    assert db.session.scalar(select(PracticeExample)) is not None


def _error_summary(page: str) -> str:
    start = page.index('class="error-summary"')
    return page[start:page.index("</div>", start)]


def test_one_submit_shows_every_problem_at_once_and_keeps_what_was_typed(client, login_as):
    """No confirmation and a CHI number: both are reported together, in the summary and at the fields."""
    login_as("practitioner")
    data = _form(situation=f"Their CHI is {CHI}.", title="")
    del data["anonymised_confirmed"]
    page = client.post("/practice/new", data=data).text
    summary = _error_summary(page)
    assert 'href="#title">Enter a title' in summary
    assert 'href="#anonymised_confirmed">Confirm the example is anonymised' in summary
    assert 'href="#situation">This looks like it contains a CHI number' in summary
    assert f"Their CHI is {CHI}." in page and "A short summary." in page
    assert db.session.scalar(select(PracticeExample)) is None


def test_editing_shows_every_problem_at_once(client, login_as):
    author = login_as("practitioner")
    example = fp.example(author=author, status="draft", title="Before")
    db.session.commit()
    data = _form(title="After", situation=f"Their CHI is {CHI}.")
    del data["anonymised_confirmed"]
    page = client.post(f"/practice/{example.id}/edit", data=data).text
    summary = _error_summary(page)
    assert "Confirm the example is anonymised" in summary and "CHI number" in summary
    assert 'value="After"' in page
    db.session.refresh(example)
    assert example.title == "Before"


def test_too_long_title_is_refused(client, login_as):
    login_as("practitioner")
    response = client.post("/practice/new", data=_form(title="x" * 201))
    assert "The title must be 200 characters or fewer" in response.text
    assert db.session.scalar(select(PracticeExample)) is None


def test_contact_must_be_a_champion(client, login_as):
    other = factories.user("practitioner")
    login_as("practitioner")
    response = client.post("/practice/new", data=_form(contact_id=str(other.id)))
    assert db.session.scalar(select(PracticeExample)) is None
    assert "Not a valid choice" in response.text or "Choose an SDS Champion" in response.text


def test_missing_csrf_token_is_refused(csrf_enabled, client, login_as):
    login_as("practitioner")
    assert client.post("/practice/new", data=_form()).status_code == 400
    assert db.session.scalar(select(PracticeExample)) is None


def test_edits_keep_revisions(client, login_as):
    author = login_as("practitioner")
    client.post("/practice/new", data=_form(title="First title"))
    example = db.session.scalar(select(PracticeExample))
    client.post(f"/practice/{example.id}/edit", data=_form(title="Second title"))
    titles = db.session.scalars(select(Revision.title).where(Revision.content_type == "practice_example").order_by(Revision.id)).all()
    assert titles == ["First title", "Second title"]
    assert "First title" in client.get(f"/practice/{example.id}/history").text
    assert author.id == example.author_id


def test_review_date_cleared_means_a_year_from_now_and_a_past_one_is_refused(client, login_as):
    from datetime import date, timedelta

    login_as("champion")  # a published example is edited by champions
    example = fp.example(status="published", review_due_on=date.today() + timedelta(days=30))
    db.session.commit()
    page = client.post(f"/practice/{example.id}/edit", data=_form(**date_boxes("review_due_on", ("1", "1", "2020")))).text
    assert "The review date must be in the future" in page and 'value="2020"' in date_box_tag(page, "review_due_on", "year")
    response = client.post(f"/practice/{example.id}/edit", data=_form(**date_boxes("review_due_on", ("", "", ""))))
    assert response.status_code == 302
    db.session.refresh(example)
    assert example.review_due_on >= date.today() + timedelta(days=360)


def test_an_example_overdue_for_review_can_still_be_edited(client, login_as):
    from datetime import date, timedelta

    login_as("champion")
    overdue = date.today() - timedelta(days=10)
    example = fp.example(status="published", review_due_on=overdue)
    db.session.commit()
    form = client.get(f"/practice/{example.id}/edit").text
    shown = {f"review_due_on-{part}": re.search(r'value="([^"]*)"', date_box_tag(form, "review_due_on", part)).group(1)
             for part in ("day", "month", "year")}
    assert shown["review_due_on-year"] == str(overdue.year)
    response = client.post(f"/practice/{example.id}/edit", data=_form(title="Typo fixed", **shown))
    assert response.status_code == 302
    db.session.refresh(example)
    assert example.title == "Typo fixed" and example.review_due_on == overdue  # still on the due list


def test_my_examples_lists_only_what_the_author_may_open(client, login_as):
    """An archived example is read by champions only: its practitioner author no longer lists it (a 404 link)."""
    author = factories.user("practitioner")
    archived = fp.example(author=author, status="archived", title="Archived one")
    fp.example(author=author, status="published", title="Published one")
    db.session.commit()
    login_as(author)
    mine = client.get("/practice/mine").text
    assert "Published one" in mine and "Archived one" not in mine
    assert client.get(f"/practice/{archived.id}").status_code == 404
    champion = factories.user("champion")
    fp.example(author=champion, status="archived", title="A champion's archived one")
    db.session.commit()
    login_as(champion)
    assert "A champion&#39;s archived one" in client.get("/practice/mine").text
