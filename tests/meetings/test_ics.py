"""The .ics download: parses, stable UID, right times either side of the change to British Summer Time."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from icalendar import Calendar

from champions.extensions import db
from tests import factories_meetings as fm


def _event(client, meeting):
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0], response


def test_times_are_right_across_the_change_to_british_summer_time(client, login_as):
    login_as("practitioner")
    winter = fm.meeting(day=date(2027, 3, 25), start=time(10, 0), end=time(12, 0), place="Pullar House")
    summer = fm.meeting(day=date(2027, 4, 1), start=time(10, 0), end=time(11, 30),
                        online_link="https://teams.example.org/meet/1")
    db.session.commit()
    # Stored in UTC: 10:00 GMT is 10:00 UTC, 10:00 BST is 09:00 UTC.
    assert winter.starts_at == datetime(2027, 3, 25, 10, 0, tzinfo=timezone.utc)
    assert summer.starts_at == datetime(2027, 4, 1, 9, 0, tzinfo=timezone.utc)

    calendar, event, response = _event(client, winter)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert b"DTSTART;TZID=Europe/London:20270325T100000" in response.data
    assert event.decoded("dtstart").astimezone(timezone.utc) == datetime(2027, 3, 25, 10, 0, tzinfo=timezone.utc)
    assert event.decoded("dtend").astimezone(timezone.utc) == datetime(2027, 3, 25, 12, 0, tzinfo=timezone.utc)
    assert str(event["location"]) == "Pullar House"
    assert str(event["summary"]) == "SDS Champions' meeting, March 2027"

    _, event, response = _event(client, summer)
    assert b"DTSTART;TZID=Europe/London:20270401T100000" in response.data
    assert event.decoded("dtstart").astimezone(timezone.utc) == datetime(2027, 4, 1, 9, 0, tzinfo=timezone.utc)
    assert event.decoded("dtend").astimezone(timezone.utc) == datetime(2027, 4, 1, 10, 30, tzinfo=timezone.utc)
    assert str(event["url"]) == "https://teams.example.org/meet/1"


def test_uid_is_stable_when_the_meeting_changes(client, login_as):
    login_as("champion")
    meeting = fm.meeting(day=date(2027, 6, 3))
    db.session.commit()
    _, first, _ = _event(client, meeting)
    meeting.title = "Changed title"
    meeting.set_times(date(2027, 6, 10), time(14, 0), time(15, 0))
    db.session.commit()
    _, second, _ = _event(client, meeting)
    assert str(first["uid"]) == str(second["uid"]) == f"meeting-{meeting.id}@sds-champions-hub"
    assert str(second["summary"]) == "Changed title"
    assert second.decoded("dtstart").hour == 14


def test_calendar_is_hidden_from_people_who_cannot_see_the_meeting(client, login_as):
    login_as("partner")
    meeting = fm.meeting(visibility="staff")
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}.ics").status_code == 404
