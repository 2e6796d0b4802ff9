"""Actions: adding (owner required, past due date warned), the tracker's tabs and filters, marking done."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.meetings.models import Action
from tests import factories
from tests import factories_meetings as fm
from tests.pages import date_boxes


def test_adding_an_action_needs_an_owner_and_warns_about_a_past_due_date(client, login_as):
    login_as("champion")
    meeting = fm.meeting()
    owner = factories.user("practitioner", display_name="Olive Owner")
    db.session.commit()
    url = f"/meetings/{meeting.id}/actions/new"
    assert "Olive Owner" in client.get(url).get_data(as_text=True)
    page = client.post(url, data={"what": "Update the charging policy leaflet", "owner": ""}).get_data(as_text=True)
    assert "Choose who owns this action" in page and "Update the charging policy leaflet" in page
    past = fm.today() - timedelta(days=3)
    page = client.post(url, data={"what": "Chase it", "owner": owner.id, **date_boxes("due_on", past)}).get_data(as_text=True)
    assert "The due date is in the past" in page and "Yes, the due date is right" in page
    assert db.session.scalar(select(Action)) is None
    page = client.post(url, data={"what": "x" * 501, "owner": owner.id}).get_data(as_text=True)
    assert "Field cannot be longer than 500 characters" in page
    response = client.post(url, data={"what": "Chase it", "owner": owner.id, **date_boxes("due_on", past),
                                      "confirm_due": "y"})
    assert response.status_code == 302
    action = db.session.scalar(select(Action))
    assert action.owner_id == owner.id and action.due_on == past and action.is_overdue()


def test_action_text_is_checked_for_personal_data(client, login_as):
    login_as("champion")
    meeting = fm.meeting()
    owner = factories.user("champion")
    db.session.commit()
    page = client.post(f"/meetings/{meeting.id}/actions/new",
                       data={"what": "Visit the family at AB10 1AB", "owner": owner.id}).get_data(as_text=True)
    assert "This looks like it contains" in page
    assert db.session.scalar(select(Action)) is None


@pytest.fixture
def tracked(app):
    meeting = fm.meeting(title="March meeting")
    secret = fm.meeting(title="Champions-only meeting", visibility="champions")
    alice = factories.user("champion", display_name="Alice Champion")
    bob = factories.user("practitioner", display_name="Bob Practitioner")
    made = {
        "overdue": fm.action(meeting, owner=alice, what="Overdue thing", due_on=fm.today() - timedelta(days=5)),
        "open": fm.action(meeting, owner=bob, what="Open thing", due_on=fm.today() + timedelta(days=5)),
        "done": fm.action(meeting, owner=bob, what="Done thing", status="done", done_on=fm.today()),
        "secret": fm.action(secret, owner=alice, what="Secret champions thing"),
        "alice": alice, "bob": bob,
    }
    db.session.commit()
    return made


def test_tracker_tabs_show_overdue_in_words(client, login_as, tracked):
    login_as("champion")
    page = client.get("/meetings/actions").get_data(as_text=True)
    assert "Overdue thing" in page and "Open thing" in page and "Done thing" not in page
    assert '<strong class="status status--red">Overdue</strong>' in page
    page = client.get("/meetings/actions?tab=overdue").get_data(as_text=True)
    assert "Overdue thing" in page and "Open thing" not in page
    page = client.get("/meetings/actions?tab=done").get_data(as_text=True)
    assert "Done thing" in page and "Overdue thing" not in page


def test_tracker_filters_by_owner_and_my_actions(client, login_as, tracked):
    login_as(tracked["bob"])
    page = client.get(f"/meetings/actions?owner={tracked['alice'].id}").get_data(as_text=True)
    assert "Overdue thing" in page and "Open thing" not in page
    page = client.get("/meetings/actions?mine=1").get_data(as_text=True)
    assert "Open thing" in page and "Overdue thing" not in page


def test_tracker_hides_actions_from_meetings_the_person_cannot_see(client, login_as, tracked):
    login_as("practitioner")
    assert "Secret champions thing" not in client.get("/meetings/actions").get_data(as_text=True)
    login_as("partner")
    page = client.get("/meetings/actions").get_data(as_text=True)
    assert "Open thing" not in page and "Secret" not in page


def test_owner_and_champions_mark_done_others_cannot(client, login_as, tracked):
    login_as("practitioner")
    assert client.post(f"/meetings/actions/{tracked['open'].id}/done").status_code == 403
    assert client.post(f"/meetings/actions/{tracked['secret'].id}/done").status_code == 404
    login_as(tracked["bob"])
    assert client.post(f"/meetings/actions/{tracked['open'].id}/done").status_code == 302
    login_as("champion")
    assert client.post(f"/meetings/actions/{tracked['overdue'].id}/done").status_code == 302
    db.session.expire_all()
    assert tracked["open"].status == "done" and tracked["open"].done_on == fm.today()
    assert tracked["overdue"].is_done and not tracked["overdue"].is_overdue()


def test_overdue_logic():
    today = fm.today()
    assert Action(status="open", due_on=today - timedelta(days=1)).is_overdue(today)
    assert not Action(status="open", due_on=today).is_overdue(today)
    assert not Action(status="open", due_on=None).is_overdue(today)
    assert not Action(status="done", due_on=today - timedelta(days=9)).is_overdue(today)


def test_admin_manages_standing_updates(client, login_as):
    login_as("admin")
    page = client.post("/meetings/standing-updates", data={"title": "Finance update", "description": "Finance team"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Finance update" in page and "In use" in page
    page = client.post("/meetings/standing-updates", data={"title": "Finance update"}).get_data(as_text=True)
    assert "There is already a regular update with that name" in page
    page = client.post("/meetings/standing-updates", data={"title": ""}).get_data(as_text=True)
    assert "Enter a name" in page
    from champions.meetings.models import StandingUpdate
    update = db.session.scalar(select(StandingUpdate))
    client.post(f"/meetings/standing-updates/{update.id}/toggle")
    db.session.expire_all()
    assert update.active is False
    login_as("champion")
    assert client.get("/meetings/standing-updates").status_code == 403
