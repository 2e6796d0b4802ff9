"""The insights figure for search: what colleagues searched for and did not find (the words, never who).

It lives here, not in champions/search: search imports no feature (tests/test_layout.py)."""
from __future__ import annotations

from sqlalchemy import func, select

from champions.extensions import db
from champions.insights.panels import Figure, Filters, panel
from champions.search.models import UnfoundSearch

TOP = 20


@panel("search-misses", "What colleagues searched for and did not find",
       "Searches in the months of the period that found nothing, or whose results nobody opened, most "
       "searched first (the top 20). Searches are counted by month without who made them, so the team "
       "does not apply; counts older than twelve months are deleted.", order=55)
def search_misses(filters: Filters) -> Figure:
    """The words searched for, with how often they found nothing: one grouped query over the months."""
    searches, empty, opened = (func.sum(UnfoundSearch.searches), func.sum(UnfoundSearch.empty),
                               func.sum(UnfoundSearch.opened))
    query = (select(UnfoundSearch.text, searches, empty, opened, func.count().over())
             .where(UnfoundSearch.month >= filters.start.replace(day=1), UnfoundSearch.month <= filters.end)
             .group_by(UnfoundSearch.text).having((empty > 0) | (opened == 0))
             .order_by(searches.desc(), UnfoundSearch.text).limit(TOP))
    found = db.session.execute(query).all()
    rows = [(text, int(n or 0), int(none or 0), int(opens or 0)) for text, n, none, opens, _ in found]
    total = found[0][4] if found else 0
    summary = [f"{total} different searches found nothing or had no result opened"
               + (f"; the {len(rows)} most searched are listed." if total > len(rows) else ".")]
    return Figure(("Searched for", "Searches", "Found nothing", "Results opened"), rows, summary=summary,
                  empty="No searches that found nothing in this period.")
