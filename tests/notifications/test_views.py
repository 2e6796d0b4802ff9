"""Notifications: notify(), the list, marking read, email settings and the daily digest."""
from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.notifications.service import notify, unread_count
from champions.outbox.models import OutboxMessage
from champions.outbox.sender import send_due
from tests import factories
from tests.factories_notifications import notification

POST_TEXT = "Mrs Example's care package was cut after her review on Tuesday."


def _rows(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def _outbox():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


# --- notify() -------------------------------------------------------------------------------

def test_notify_skips_the_actor_duplicates_inactive_people_and_those_who_may_not_see_it(app):
    actor = factories.user("champion")
    practitioner = factories.user("practitioner")
    partner = factories.user("partner")
    gone = factories.user("practitioner", active=False)
    champion = factories.user("champion")

    made = notify([actor, practitioner, practitioner, partner, gone, champion], kind="new_answer",
                  title="New answer to: Paying a relative", url="/questions/3#answer-9",
                  visibility="staff", actor=actor)
    db.session.commit()

    assert sorted(n.user_id for n in made) == sorted([practitioner.id, champion.id])
    assert len(_rows(practitioner)) == 1
    assert _rows(actor) == [] and _rows(partner) == [] and _rows(gone) == []
    assert made[0].actor_id == actor.id and made[0].visibility == "staff"


def test_champions_only_content_notifies_only_champions_and_admins(app):
    people = [factories.user(role) for role in ("practitioner", "partner", "champion", "admin")]

    made = notify(people, kind="flag", title="A post was flagged", url="/moderation/", visibility="champions")

    assert sorted(n.user_id for n in made) == [people[2].id, people[3].id]


def test_unknown_visibility_is_a_programming_error(app):
    with pytest.raises(ValueError, match="unknown visibility"):
        notify([factories.user()], kind="x", title="t", url="/x", visibility="everyone")


def test_email_at_once_carries_title_and_absolute_link_never_the_post_text(app):
    wants_email = factories.user("practitioner", email_frequency="immediate")
    digest = factories.user("practitioner", email_frequency="daily")
    no_email = factories.user("practitioner", email_frequency="none")

    notify([wants_email, digest, no_email], kind="new_answer", title="New answer to: Paying a relative",
           url="/questions/3#answer-9", visibility="staff")
    db.session.commit()

    [message] = _outbox()
    assert message.to_address == wants_email.email
    assert message.subject == "New answer to: Paying a relative"
    assert "http://localhost/questions/3#answer-9" in message.body
    assert "http://localhost/notifications/settings" in message.body
    assert POST_TEXT not in message.body
    emailed = db.session.scalar(select(Notification).where(Notification.user_id == wants_email.id))
    assert emailed.emailed_at is not None, "the digest must not send it a second time"


def test_long_or_multiline_titles_are_trimmed_to_fit(app):
    person = factories.user("practitioner")

    [made] = notify([person], kind="x", title="Line one\nline two " + "word " * 100, url="/x", visibility="staff")
    db.session.commit()

    assert len(made.title) <= 300 and "\n" not in made.title
    assert "\n" not in _outbox()[0].subject


def test_notified_email_is_delivered_with_its_link(app):
    person = factories.user("practitioner")
    notify([person], kind="new_answer", title="New answer to: Respite budgets", url="/questions/5",
           visibility="staff")
    db.session.commit()

    assert send_due(app).sent == 1

    [path] = Path(app.config["MAIL_DIR"]).glob("*.eml")
    saved = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert saved["To"] == person.email
    assert "http://localhost/questions/5" in saved.get_content()


# --- the list and the header count ---------------------------------------------------------

def test_header_shows_unread_count_in_words(client, login_as):
    person = login_as("practitioner")
    notification(person)
    notification(person)
    notification(person, read=True)
    db.session.commit()

    page = client.get("/notifications/").get_data(as_text=True)

    assert re.search(r'Notifications <span class="count-badge">2<span class="visually-hidden"> unread</span>', page)
    assert "You have 2 unread notifications." in page


def test_unread_count_is_one_query(app, count_queries):
    person = factories.user("practitioner")
    for _ in range(3):
        notification(person)
    db.session.commit()
    db.session.refresh(person)

    with count_queries() as counter:
        assert unread_count(person) == 3
    assert counter.count == 1


def test_list_is_newest_first_with_new_in_words_and_plain_links(client, login_as):
    person = login_as("practitioner")
    notification(person, title="Older and read", url="/questions/1", ago=timedelta(hours=5), read=True)
    notification(person, title="Newest unread", url="/questions/2", ago=timedelta(minutes=1))
    db.session.commit()

    page = client.get("/notifications/").get_data(as_text=True)

    assert page.index("Newest unread") < page.index("Older and read")
    newest = page[page.index('id="notification-'):page.index("Older and read")]
    assert ">New</strong>" in newest and 'href="/questions/2"' in newest
    assert "Mark as read<span class=\"visually-hidden\">: Newest unread</span>" in page
    older = page[page.index("Older and read"):]
    assert ">New</strong>" not in older[:older.index("</li>")]


def test_viewing_the_list_does_not_mark_anything_read(client, login_as):
    person = login_as("practitioner")
    item = notification(person)
    db.session.commit()

    client.get("/notifications/")

    db.session.refresh(item)
    assert item.read_at is None


def test_list_is_paginated_twenty_a_page(client, login_as):
    person = login_as("practitioner")
    for n in range(25):
        notification(person, title=f"Item number {n:02d}", ago=timedelta(minutes=n))
    db.session.commit()

    first = client.get("/notifications/").get_data(as_text=True)
    second = client.get("/notifications/?page=2").get_data(as_text=True)

    assert "Item number 00" in first and "Item number 19" in first and "Item number 20" not in first
    assert "Item number 20" in second and "Item number 24" in second and "Item number 00" not in second
    assert "Page 1 of 2" in first


def test_a_page_past_the_end_goes_back_to_the_first(client, login_as):
    login_as("practitioner")

    response = client.get("/notifications/?page=7&show=unread")

    assert response.status_code == 302 and response.headers["Location"] == "/notifications/?show=unread"


def test_empty_state(client, login_as):
    login_as("partner")

    page = client.get("/notifications/").get_data(as_text=True)

    assert "You have no notifications yet." in page
    assert "Mark all as read" not in page


def test_unread_only_filter(client, login_as):
    person = login_as("practitioner")
    notification(person, title="Still to read")
    notification(person, title="Already read", read=True)
    db.session.commit()

    page = client.get("/notifications/?show=unread").get_data(as_text=True)

    assert "Still to read" in page and "Already read" not in page


def test_partner_never_sees_staff_notification_even_if_a_row_exists(client, login_as):
    partner = login_as("partner")
    hidden = notification(partner, title="Staff-only discussion", visibility="staff")
    notification(partner, title="Partner news", visibility="partners")
    db.session.commit()

    page = client.get("/notifications/").get_data(as_text=True)

    assert "Staff-only discussion" not in page and "Partner news" in page
    assert unread_count(partner) == 1
    assert client.post(f"/notifications/{hidden.id}/read").status_code == 404


def test_someone_who_lost_champion_role_no_longer_sees_champion_notifications(client, login_as):
    person = login_as("champion")
    notification(person, title="Flag on a post", visibility="champions")
    person.role = "practitioner"
    db.session.commit()

    assert "Flag on a post" not in client.get("/notifications/").get_data(as_text=True)


# --- marking read --------------------------------------------------------------------------

def test_mark_one_as_read(client, login_as):
    person = login_as("practitioner")
    item = notification(person, title="Answer to read")
    other = notification(person)
    db.session.commit()

    response = client.post(f"/notifications/{item.id}/read", data={"page": "1"}, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "Marked as read: Answer to read" in page
    db.session.expire_all()
    assert item.read_at is not None and other.read_at is None


def test_cannot_mark_someone_elses_notification(client, login_as):
    login_as("practitioner")
    someone = factories.user("practitioner")
    theirs = notification(someone)
    db.session.commit()

    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.post("/notifications/999999/read").status_code == 404
    db.session.expire_all()
    assert theirs.read_at is None


def test_mark_all_as_read_only_touches_my_notifications(client, login_as):
    person = login_as("practitioner")
    someone = factories.user("practitioner")
    mine = [notification(person) for _ in range(3)]
    theirs = notification(someone)
    db.session.commit()

    page = client.post("/notifications/read-all", follow_redirects=True).get_data(as_text=True)

    assert "All your notifications are marked as read." in page
    assert "You have no unread notifications." in page
    db.session.expire_all()
    assert all(n.read_at is not None for n in mine) and theirs.read_at is None


def test_mark_read_needs_a_post_with_csrf(client, login_as, csrf_enabled):
    person = login_as("practitioner")
    item = notification(person)
    db.session.commit()

    assert client.get(f"/notifications/{item.id}/read").status_code == 405
    assert client.post(f"/notifications/{item.id}/read").status_code == 400
    assert client.post("/notifications/read-all").status_code == 400
    db.session.expire_all()
    assert item.read_at is None


def test_mark_read_with_csrf_token_from_the_page_works(client, login_as, csrf_enabled):
    person = login_as("practitioner")
    item = notification(person)
    db.session.commit()
    page = client.get("/notifications/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    assert client.post(f"/notifications/{item.id}/read", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert item.read_at is not None


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/notifications/")

    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


# --- settings ------------------------------------------------------------------------------

def test_settings_shows_current_choice_and_saves_a_new_one(client, login_as):
    person = login_as("practitioner")

    page = client.get("/notifications/settings").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="immediate"|<input[^>]*value="immediate"[^>]*checked', page)
    for label in ("At once", "A daily digest", "No emails"):
        assert label in page

    page = client.post("/notifications/settings", data={"email_frequency": "daily"},
                       follow_redirects=True).get_data(as_text=True)

    assert "Your email setting is saved: A daily digest." in page
    db.session.expire_all()
    assert person.email_frequency == "daily"


def test_settings_rejects_missing_or_unknown_choice(client, login_as):
    person = login_as("practitioner", email_frequency="none")

    missing = client.post("/notifications/settings", data={}).get_data(as_text=True)
    unknown = client.post("/notifications/settings", data={"email_frequency": "hourly"}).get_data(as_text=True)

    assert "There is a problem" in missing and "Select how often you want email about notifications" in missing
    assert "There is a problem" in unknown
    db.session.expire_all()
    assert person.email_frequency == "none"


def test_settings_needs_csrf(client, login_as, csrf_enabled):
    person = login_as("practitioner")

    page = client.post("/notifications/settings", data={"email_frequency": "none"}).get_data(as_text=True)

    assert "The form had expired" in page
    db.session.expire_all()
    assert person.email_frequency == "immediate"


# --- daily digest --------------------------------------------------------------------------

def test_digest_sends_one_email_per_person_once(app, runner):
    daily = factories.user("practitioner", email_frequency="daily")
    at_once = factories.user("practitioner", email_frequency="immediate")
    notification(daily, title="New answer to: Direct payments", url="/questions/1", ago=timedelta(hours=2))
    notification(daily, title="New question: Option 2", url="/questions/2", ago=timedelta(hours=1))
    notification(daily, title="Too old for this digest", url="/questions/3", ago=timedelta(days=2))
    notification(daily, title="Already emailed", url="/questions/4", emailed=True)
    notification(at_once, title="Not for the digest", url="/questions/5")
    db.session.commit()

    first = runner.invoke(args=["notifications", "digest"])
    second = runner.invoke(args=["notifications", "digest"])

    assert "Queued 1 digest email." in first.output, first.output
    assert "Queued 0 digest emails." in second.output, second.output
    db.session.expire_all()
    [message] = _outbox()
    assert message.to_address == daily.email
    assert message.subject == "Your daily summary: 2 new notifications"
    body = message.body
    assert body.index("New answer to: Direct payments") < body.index("New question: Option 2")
    assert "http://localhost/questions/1" in body and "http://localhost/questions/2" in body
    for absent in ("Too old", "Already emailed", "Not for the digest", POST_TEXT):
        assert absent not in body


def test_digest_leaves_out_what_the_person_may_no_longer_see(app, runner):
    partner = factories.user("partner", email_frequency="daily")
    notification(partner, title="Staff-only thing", visibility="staff")
    db.session.commit()

    result = runner.invoke(args=["notifications", "digest"])

    assert "Queued 0 digest emails." in result.output
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_digest_skips_people_who_chose_no_email_and_deactivated_people(app, runner):
    notification(factories.user("practitioner", email_frequency="none"))
    notification(factories.user("practitioner", email_frequency="daily", active=False))
    db.session.commit()

    runner.invoke(args=["notifications", "digest"])

    assert _outbox() == []


def test_unusable_page_number_is_not_an_error(client, login_as):
    """A huge ?page= goes back to the first page instead of failing."""
    login_as("practitioner")
    response = client.get("/notifications/?page=99999999999999999999")
    assert response.status_code in (200, 302)
