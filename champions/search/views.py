"""The search page."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from champions import permissions
from champions.database import commit_keeping_loaded
from champions.search import bp, unfound
from champions.search import index as search_index
from champions.search.tags import find_tag, tag_groups
from champions.search.types import registered_types

MAX_PAGE = 500
SORT_LABELS = {"relevance": "Best match", "newest": "Newest first"}


def _page_number() -> int:
    return min(MAX_PAGE, max(1, request.args.get("page", 1, type=int) or 1))


@bp.get("/")
@login_required
def index():
    """Search everything this person may see, with counts per type, tag filter, sort and pages."""
    permissions.require("search.use")
    types = registered_types()
    text = request.args.get("q", "")
    kinds = [k for k in request.args.getlist("type") if k in types][:1]
    asked_tag = search_index.clean_query(request.args.get("tag", ""))[0][:120]
    tag = find_tag(asked_tag) if asked_tag else None
    sort = request.args.get("sort", "relevance")
    sort = sort if sort in SORT_LABELS else "relevance"
    results = search_index.query(current_user, text, kinds=kinds, tag=tag.slug if tag else None, sort=sort,
                                 page=_page_number())
    counted = results.text and results.page == 1 and not results.unavailable and not tag and not kinds
    if not results.hits and results.total and results.page > results.pages:
        # Past the end (an old link, a typed number): show the last page, not "Nothing matched".
        results = search_index.query(current_user, text, kinds=kinds, tag=tag.slug if tag else None, sort=sort,
                                     page=results.pages)
    page = render_template("search/index.html", results=results, types=types, kind=kinds[0] if kinds else None,
                           tag=tag, unknown_tag=asked_tag if asked_tag and not tag else None,
                           tag_groups=tag_groups(), sort=sort, sort_labels=SORT_LABELS,
                           statuses=_statuses(results.hits))
    if counted:
        # Counted once the page is ready, in the page's own transaction: its commit ends the page's reads too,
        # instead of a commit midway and a second transaction (two more round trips on PostgreSQL).
        unfound.record_search(results.text, results.total)
        commit_keeping_loaded()  # nothing loaded changed: the request log reads the person without a query
    return page


def _statuses(hits) -> dict[str, object]:
    """The object behind each result whose type shows a status (a question's), by doc id, for the page to say."""
    found: dict[str, object] = {}
    for kind, search_type in registered_types().items():
        ids = [int(h.doc_id.partition(":")[2]) for h in hits if h.doc_id.startswith(f"{kind}:")]
        if ids and search_type.statuses:
            by_id = search_type.statuses(current_user, ids)
            found.update({f"{kind}:{i}": by_id[i] for i in ids if i in by_id})
    return found
