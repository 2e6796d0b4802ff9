"""Demo data for search: the default SDS synonyms, and a few searches colleagues made that found nothing."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.search import synonyms
from champions.search.models import UnfoundSearch
from champions.timeutil import utcnow

UNFOUND = (("hospital discharge and direct payments", 6, 6, 0), ("paying for a gym membership", 4, 2, 0),
           ("pa holiday pay", 3, 0, 0))


def seed() -> None:
    """Add the default synonyms and the example searches (safe to run again)."""
    synonyms.seed_defaults()
    month = utcnow().date().replace(day=1)
    if db.session.scalar(select(UnfoundSearch.id).limit(1)) is None:
        for text, searches, empty, opened in UNFOUND:
            db.session.add(UnfoundSearch(text=text, month=month, searches=searches, empty=empty, opened=opened,
                                         last_searched_at=utcnow()))
