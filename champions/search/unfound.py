"""What colleagues searched for and did not find: the words and counts per month, never who searched.

A search on its first page is counted; one that found nothing is counted as empty; opening a result
(through /search/open) counts as opened. Champions see the searches that found nothing, or whose
results nobody opened, over the last twelve months. Searches that look like personal data (a CHI
number, a phone number ...) are never kept. Rows older than twelve months are deleted.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from champions import privacy
from champions.extensions import db
from champions.search.models import UnfoundSearch
from champions.timeutil import utcnow

KEEP_DAYS = 366
MIN_LENGTH = 2


def normalise(text: str) -> str:
    """The words as counted: lower case, spaces collapsed, at most 200 characters."""
    return " ".join((text or "").lower().split())[:200]


def _month(today: date | None = None) -> date:
    today = today or utcnow().date()
    return today.replace(day=1)


def _keepable(text: str) -> bool:
    return len(text) >= MIN_LENGTH and not privacy.scan(text)


def record_search(text: str, found: int) -> None:
    """Count one search (first page only); the caller commits."""
    text = normalise(text)
    if not _keepable(text):
        return
    month = _month()
    now = utcnow()
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):  # one statement: insert the row, or count on it when it is there
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        table = UnfoundSearch.__table__
        db.session.execute(insert(table).values(
            text=text, month=month, searches=1, empty=0 if found else 1, opened=0, last_searched_at=now,
        ).on_conflict_do_update(index_elements=["text", "month"], set_={
            "searches": table.c.searches + 1, "last_searched_at": now,
            "empty": table.c.empty + (0 if found else 1)}))
        return
    values = {"searches": UnfoundSearch.searches + 1, "last_searched_at": now}
    if not found:
        values["empty"] = UnfoundSearch.empty + 1
    changed = db.session.execute(update(UnfoundSearch).where(
        UnfoundSearch.text == text, UnfoundSearch.month == month).values(**values)).rowcount
    if not changed:
        try:
            with db.session.begin_nested():
                db.session.add(UnfoundSearch(text=text, month=month, searches=1, empty=0 if found else 1,
                                             opened=0, last_searched_at=now))
        except IntegrityError:  # another worker counted the same words this month first
            db.session.execute(update(UnfoundSearch).where(
                UnfoundSearch.text == text, UnfoundSearch.month == month).values(**values))


def record_opened(text: str) -> None:
    """Count a result opened from a search for these words; the caller commits."""
    text = normalise(text)
    if _keepable(text):
        db.session.execute(update(UnfoundSearch).where(
            UnfoundSearch.text == text, UnfoundSearch.month == _month()).values(opened=UnfoundSearch.opened + 1))


def forget_old(today: date | None = None) -> int:
    """Delete counts older than twelve months; returns how many rows went."""
    cutoff = (today or utcnow().date()) - timedelta(days=KEEP_DAYS)
    return db.session.execute(delete(UnfoundSearch).where(UnfoundSearch.month < cutoff.replace(day=1))).rowcount


@dataclass
class Unfound:
    """One search colleagues made, over the last twelve months."""

    text: str
    searches: int
    empty: int
    opened: int
    last_searched_at: object

    @property
    def reason(self) -> str:
        """Why it is listed, in words."""
        if self.empty == self.searches:
            return "Found nothing"
        if self.opened == 0:
            return "No result opened"
        return "Sometimes found nothing"


def unfound(limit: int = 100) -> list[Unfound]:
    """Searches that found nothing, or whose results nobody opened, most searched first."""
    since = (utcnow().date() - timedelta(days=KEEP_DAYS)).replace(day=1)
    searches, empty, opened = (func.sum(UnfoundSearch.searches), func.sum(UnfoundSearch.empty),
                               func.sum(UnfoundSearch.opened))
    rows = db.session.execute(
        select(UnfoundSearch.text, searches, empty, opened, func.max(UnfoundSearch.last_searched_at))
        .where(UnfoundSearch.month >= since).group_by(UnfoundSearch.text)
        .having((empty > 0) | (opened == 0))
        .order_by(searches.desc(), func.max(UnfoundSearch.last_searched_at).desc()).limit(limit)).all()
    return [Unfound(*row) for row in rows]
