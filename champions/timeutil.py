"""Time helpers: UTC storage, Europe/London display, Scottish working days."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LONDON = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC that always comes back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: use champions.timeutil.utcnow()")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def to_local(value: datetime) -> datetime:
    """Convert an aware datetime to Europe/London."""
    return value.astimezone(LONDON)


def format_date(value: date | datetime | None) -> str:
    """'3 March 2027' for a date or a datetime (shown in Europe/London), or a date stored as text (2027-03-03)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = to_local(value) if value.tzinfo else value
    return f"{value.day} {value.strftime('%B %Y')}"


def format_time(value: datetime | None) -> str:
    """'2:30pm' in Europe/London."""
    if value is None:
        return ""
    local = to_local(value) if value.tzinfo else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix}"


def format_datetime(value: datetime | None) -> str:
    """'3 March 2027 at 2:30pm' in Europe/London."""
    if value is None:
        return ""
    return f"{format_date(value)} at {format_time(value)}"


def iso_datetime(value: datetime | None) -> str:
    """A `<time datetime>` value: UTC to the second with its offset (HTML refuses microseconds)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def time_ago(value: datetime | None, now: datetime | None = None) -> str:
    """A short relative time ('5 minutes ago', 'yesterday'), falling back to the date."""
    if value is None:
        return ""
    now = now or utcnow()
    seconds = (now - value).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = (to_local(now).date() - to_local(value).date()).days
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return format_date(value)


@lru_cache(maxsize=16)
def _scottish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="SCT", years=year).keys())


def is_working_day(day: date) -> bool:
    """True for Monday to Friday outside Scottish bank holidays."""
    return day.weekday() < 5 and day not in _scottish_holidays(day.year)


def working_days_between(start: date | datetime, end: date | datetime) -> int:
    """Working days after start up to and including end (0 if end is not after start)."""
    if isinstance(start, datetime):
        start = to_local(start).date()
    if isinstance(end, datetime):
        end = to_local(end).date()
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
