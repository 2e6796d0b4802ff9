"""Partner updates and organisation pages: posting, roles, moderation and bad input."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.revisions import Revision
from champions.updates.models import Update
from tests import factories
from tests import factories_practice as fp
from tests.factories_meetings import today
from tests.pages import date_box_tag, date_boxes, input_tag


def _form(event_date=None, **overrides):
    """The update form as posted; an event date (a date or (day, month, year)) typed in its three boxes."""
    data = {"title": "Drop-in sessions for carers", "body": "Every **Tuesday** at the centre.", "category": "carers"}
    if event_date is not None:
        data.update(date_boxes("event_date", event_date))
    data.update(overrides)
    return data


def test_partner_posts_for_their_organisation_and_staff_read_it(client, login_as):
    partner = login_as("partner")
    response = client.post("/updates/new", data=_form())
    assert response.status_code == 302
    update = db.session.scalar(select(Update))
    assert update.organisation_id == partner.organisation_id and update.author_id == partner.id
    assert "<strong>Tuesday</strong>" in update.body_html
    assert db.session.scalar(select(Revision).where(Revision.content_type == "update", Revision.object_id == update.id))
    login_as("practitioner")
    assert "Drop-in sessions for carers" in client.get("/updates/").text
    page = client.get(f"/updates/{update.id}").text
    assert "<strong>Tuesday</strong>" in page and partner.organisation.name in page


def test_partner_cannot_post_as_another_organisation(client, login_as):
    partner = login_as("partner")
    other = factories.organisation("Someone Else's Centre", kind="partner")
    db.session.commit()
    client.post("/updates/new", data=_form(organisation_id=str(other.id)))
    assert db.session.scalar(select(Update.organisation_id).where(Update.organisation_id == other.id)) is None
    page = client.get("/updates/new").text
    assert "Someone Else&#39;s Centre" not in page and "Posting as" in page
    assert partner.organisation_id != other.id


def test_champion_may_post_for_any_partner_organisation(client, login_as):
    org = factories.organisation("Independent Support Test", kind="partner")
    login_as("champion")
    client.post("/updates/new", data=_form(organisation_id=str(org.id)))
    assert db.session.scalar(select(Update)).organisation_id == org.id


def test_champion_without_organisation_must_choose_one(client, login_as):
    factories.organisation("A partner", kind="partner")
    login_as("champion")
    response = client.post("/updates/new", data=_form())
    assert "Choose the organisation this update is from" in response.text
    assert db.session.scalar(select(Update)) is None


def test_practitioner_cannot_post(client, login_as):
    login_as("practitioner")
    assert client.get("/updates/new").status_code == 403
    assert client.post("/updates/new", data=_form()).status_code == 403
    assert db.session.scalar(select(Update)) is None


def test_only_the_author_or_a_champion_edits(client, login_as):
    update = fp.update(title="Original")
    db.session.commit()
    login_as("partner")
    assert client.post(f"/updates/{update.id}/edit", data=_form()).status_code == 403
    login_as(update.author)
    client.post(f"/updates/{update.id}/edit", data=_form(title="Changed"))
    db.session.refresh(update)
    assert update.title == "Changed" and update.edited_at is not None


def test_list_pinned_first_then_newest_and_filters(client, login_as):
    first = fp.update(title="Older pinned", pinned=True, category="training")
    second = fp.update(title="Newer news")
    db.session.commit()
    login_as("practitioner")
    page = client.get("/updates/").text
    assert page.index("Older pinned") < page.index("Newer news")
    training = client.get("/updates/?category=training").text
    assert "Older pinned" in training and "Newer news" not in training
    by_org = client.get(f"/updates/?organisation={second.organisation_id}").text
    assert "Newer news" in by_org and "Older pinned" not in by_org
    assert first.id != second.id


def test_champion_pins_hides_restores_with_audit(client, login_as):
    update = fp.update(title="To moderate")
    db.session.commit()
    login_as("champion")
    client.post(f"/updates/{update.id}/pin")
    client.post(f"/updates/{update.id}/hide", data={"reason": "Out of date"})
    db.session.refresh(update)
    assert update.pinned and update.hidden and update.hidden_reason == "Out of date"
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["update.pin", "update.hide"]
    login_as("practitioner")
    assert client.get(f"/updates/{update.id}").status_code == 404
    assert "To moderate" not in client.get("/updates/").text
    login_as("champion")
    client.post(f"/updates/{update.id}/restore")
    client.post(f"/updates/{update.id}/unpin")
    db.session.refresh(update)
    assert not update.hidden and not update.pinned


def test_hide_needs_a_reason(client, login_as):
    update = fp.update()
    db.session.commit()
    login_as("champion")
    response = client.post(f"/updates/{update.id}/hide", data={"reason": ""})
    assert "Enter why you are hiding this update" in response.text
    db.session.refresh(update)
    assert not update.hidden


def test_partner_cannot_moderate(client, login_as):
    update = fp.update()
    db.session.commit()
    login_as(update.author)
    assert client.post(f"/updates/{update.id}/pin").status_code == 403
    assert db.session.scalar(select(Update.pinned).where(Update.id == update.id)) is False


def test_bad_input_keeps_what_was_typed(client, login_as):
    login_as("partner")
    response = client.post("/updates/new", data=_form(title="", body="Kept body text"))
    assert "Enter a title" in response.text and "Kept body text" in response.text
    response = client.post("/updates/new", data=_form(title="x" * 201))
    assert "The title must be 200 characters or fewer" in response.text
    response = client.post("/updates/new", data=_form(category=""))
    assert "Choose a category" in response.text
    assert db.session.scalar(select(Update)) is None


def test_error_summary_lists_problems_in_the_order_of_the_page(client, login_as):
    login_as("partner")
    page = client.post("/updates/new", data=_form(title="", category="", body="")).text
    summary = page[page.index('class="error-summary"'):page.index("</ul>", page.index('class="error-summary"'))]
    positions = [summary.index(m) for m in ("Enter a title", "Choose a category", "Enter the text of the update")]
    assert positions == sorted(positions)
    fields = [page.index(f'id="{name}"') for name in ("title", "category-0", "body")]
    assert fields == sorted(fields)


def test_personal_data_is_caught(client, login_as):
    login_as("partner")
    response = client.post("/updates/new", data=_form(body="Ring her on 07700 900123 about it."))
    assert "phone" in response.text.lower() and "07700 900123" in response.text
    assert db.session.scalar(select(Update)) is None


def test_missing_csrf_token_is_refused(csrf_enabled, client, login_as):
    login_as("partner")
    assert client.post("/updates/new", data=_form()).status_code == 400
    assert db.session.scalar(select(Update)) is None


def test_organisation_pages(client, login_as):
    org = factories.organisation("Carers Centre Test", kind="partner", description="Short breaks for carers.",
                                 contact_email="info@carers.example.org", contact_phone="01632 960456",
                                 website="https://carers.example.org")
    author = factories.user("partner", organisation_=org)
    fp.update(author=author, title="Carers week")
    factories.organisation("A council", kind="council")
    db.session.commit()
    login_as("practitioner")
    listing = client.get("/organisations/").text
    assert "Carers Centre Test" in listing and "A council" not in listing
    page = client.get(f"/organisations/{org.id}").text
    for text in ("Short breaks for carers.", "info@carers.example.org", "01632 960456",
                 "https://carers.example.org", "Carers week"):
        assert text in page
    assert client.get("/organisations/99999").status_code == 404


def test_partners_cannot_open_a_council_organisations_page(client, login_as):
    council = factories.organisation("Northshire Council", kind="council")
    champion = factories.user("champion", organisation_=council)
    update = fp.update(author=champion, organisation=council, title="Council SDS team news")
    db.session.commit()
    login_as("practitioner")
    assert client.get(f"/organisations/{council.id}").status_code == 200
    login_as("partner")
    assert client.get(f"/organisations/{council.id}").status_code == 404
    page = client.get(f"/updates/{update.id}").text
    assert "Northshire Council" in page and f"/organisations/{council.id}" not in page
    assert f"/organisations/{council.id}" not in client.get("/updates/").text


def test_a_partner_who_moves_organisation_cannot_edit_the_old_organisations_updates(client, login_as):
    partner = factories.user("partner")
    update = fp.update(author=partner, title="Old centre news")
    partner.organisation = factories.organisation("New Centre", kind="partner")
    db.session.commit()
    login_as(partner)
    assert client.get(f"/updates/{update.id}/edit").status_code == 403
    assert client.post(f"/updates/{update.id}/edit", data=_form(title="Changed after moving")).status_code == 403
    db.session.refresh(update)
    assert update.title == "Old centre news"
    assert "Edit this update" not in client.get(f"/updates/{update.id}").text


def test_home_panel_shows_latest_three_pinned_first(client, login_as):
    for n in range(4):
        fp.update(title=f"Routine update {n}")
    fp.update(title="Pinned notice", pinned=True)
    db.session.commit()
    login_as("practitioner")
    page = client.get("/").text
    assert "Latest partner updates" in page and "Pinned notice" in page
    assert sum(f"Routine update {n}" in page for n in range(4)) == 2


def test_unusable_numbers_in_the_address_are_ignored(client, login_as):
    """A huge or odd ?organisation= or ?page= shows the list (unfiltered or empty), never a server error."""
    login_as("practitioner")
    for query in ("organisation=99999999999999999999", "organisation=%C2%B2", "page=99999999999999999999", "page=-1"):
        assert client.get(f"/updates/?{query}").status_code == 200, query
    organisation = factories.organisation(kind="partner")
    db.session.commit()
    assert client.get(f"/organisations/{organisation.id}?page=99999999999999999999").status_code == 200


def test_the_organisations_own_phone_and_email_may_appear_in_its_update(client, login_as):
    """A partner's own booking line is public: no personal-data warning for it, but still for others."""
    org = factories.organisation("Booking Line Org", kind="partner", contact_phone="01632 960456",
                                 contact_email="bookings@booking-line.example.org")
    author = factories.user("partner", organisation_=org)
    db.session.commit()
    login_as(author)
    response = client.post("/updates/new", data=_form(
        title="Short breaks drop-in", body="Book on +44 1632 960456 or bookings@booking-line.example.org."))
    assert response.status_code == 302
    assert db.session.scalar(select(Update)).title == "Short breaks drop-in"
    response = client.post("/updates/new", data=_form(body="Or ring Mrs B on 07700 900123."))
    assert "07700 900123" in response.text and "phone" in response.text.lower()


def test_personal_data_and_other_mistakes_are_shown_together(client, login_as):
    login_as("partner")
    response = client.post("/updates/new", data=_form(title="", body="Ring her on 07700 900123 about it."))
    assert "Enter a title" in response.text and "07700 900123" in response.text


def test_event_date_typed_in_day_month_and_year_boxes_is_saved(client, login_as):
    """Day, month and year boxes, as the hint shows ('3 3 2027'); a month typed as a word is read too."""
    login_as("partner")
    day = today() + timedelta(days=30)
    assert client.post("/updates/new", data=_form(event_date=(str(day.day), f"{day:%b}", str(day.year)))).status_code == 302
    assert db.session.scalar(select(Update)).event_date == day
    page = client.get("/updates/new").text
    assert "For example, 3 3 2027" in page
    assert 'inputmode="numeric"' in date_box_tag(page, "event_date", "year") and 'type="date"' not in page


def test_impossible_event_date_is_named_and_kept_as_typed(client, login_as):
    login_as("partner")
    page = client.post("/updates/new", data=_form(event_date=("31", "02", "2027"))).text
    assert "Enter the event date as a real date, for example 3 3 2027" in page
    tag = date_box_tag(page, "event_date", "day")
    assert 'value="31"' in tag and 'type="text"' in tag and "input--error" in tag
    assert 'value="02"' in date_box_tag(page, "event_date", "month")
    assert 'value="Drop-in sessions for carers"' in page
    assert db.session.scalar(select(Update)) is None


def test_past_event_date_is_a_warning_the_person_can_confirm(client, login_as):
    """Like a meeting's far-away date or an action's past due date: probably a slip, so confirm it."""
    login_as("partner")
    page = client.post("/updates/new", data=_form(event_date=date(2020, 3, 3))).text
    assert "The event date is in the past" in page and "Yes, the event date is right" in page
    assert 'value="2020"' in date_box_tag(page, "event_date", "year")
    assert db.session.scalar(select(Update)) is None
    far = today() + timedelta(days=400)
    assert "more than a year in the future" in client.post("/updates/new", data=_form(event_date=far)).text
    assert client.post("/updates/new", data=_form(event_date=date(2020, 3, 3), confirm_event_date="y")).status_code == 302
    assert db.session.scalar(select(Update)).event_date == date(2020, 3, 3)


def test_editing_an_update_does_not_question_its_saved_past_date_again(client, login_as):
    update = fp.update(title="Training last spring", event_date=date(2026, 4, 1))
    db.session.commit()
    login_as(update.author)
    assert client.post(f"/updates/{update.id}/edit",
                       data=_form(title="Training last spring", event_date=date(2026, 4, 1))).status_code == 302
    page = client.post(f"/updates/{update.id}/edit", data=_form(event_date=date(2026, 4, 2))).text
    assert "The event date is in the past" in page


def test_event_date_today_or_soon_needs_no_confirming(client, login_as):
    login_as("partner")
    assert client.post("/updates/new", data=_form(event_date=today())).status_code == 302


def test_posting_the_same_update_twice_makes_one_and_says_it_was_already_posted(client, login_as):
    """Back and Post update again (or a second click without the script) must not make a second update."""
    login_as("partner")
    assert client.post("/updates/new", data=_form()).status_code == 302
    again = client.post("/updates/new", data=_form(body=" Every  **Tuesday** at the centre. "), follow_redirects=True)
    updates = db.session.scalars(select(Update)).all()
    assert len(updates) == 1
    assert "You had already posted this update, so it was not posted again." in again.text
    assert f'href="/updates/{updates[0].id}">Go to your update</a>' in again.text
    client.post("/updates/new", data=_form(title="Drop-in sessions for carers in June"))
    assert len(db.session.scalars(select(Update)).all()) == 2  # a different update is posted


def test_an_update_hidden_by_a_champion_is_no_duplicate_to_send_its_author_to(client, login_as):
    """Posting again after a champion hid the first one posts it (the author would otherwise land on a 404)."""
    login_as("partner")
    assert client.post("/updates/new", data=_form()).status_code == 302
    first = db.session.scalars(select(Update)).one()
    first.hidden = True
    db.session.commit()
    again = client.post("/updates/new", data=_form(), follow_redirects=True)
    assert again.status_code == 200 and "Your update is posted." in again.text
    assert len(db.session.scalars(select(Update)).all()) == 2
