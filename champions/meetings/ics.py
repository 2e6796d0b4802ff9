"""A meeting as an iCalendar file (times in Europe/London, with its VTIMEZONE)."""
from __future__ import annotations

from icalendar import Calendar, Event

from champions.meetings.models import Meeting
from champions.timeutil import utcnow

PRODID = "-//SDS Champions Hub//Meetings//EN"


def uid(meeting: Meeting) -> str:
    """A UID that stays the same however often the meeting changes."""
    return f"meeting-{meeting.id}@sds-champions-hub"


def calendar_for(meeting: Meeting, url: str) -> bytes:
    """The .ics bytes for one meeting; url is the meeting page's full address."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    event.add("url", meeting.online_link or url)
    event.add("description", f"Agenda and notes: {url}"
              + (f"\nJoin online: {meeting.online_link}" if meeting.online_link else ""))
    event.add("sequence", int(meeting.updated_at.timestamp()) if meeting.updated_at else 0)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
