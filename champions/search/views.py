"""The search page and the similar-questions fragment."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from champions import permissions
from champions.search import bp
from champions.search import index as search_index
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
    tag = search_index.clean_query(request.args.get("tag", ""))[0][:60] or None
    sort = request.args.get("sort", "relevance")
    sort = sort if sort in SORT_LABELS else "relevance"
    results = search_index.query(current_user, text, kinds=kinds, tag=tag, sort=sort, page=_page_number())
    return render_template("search/index.html", results=results, types=types, kind=kinds[0] if kinds else None,
                           tag=tag, sort=sort, sort_labels=SORT_LABELS)


@bp.get("/similar")
@login_required
def similar():
    """An HTML fragment listing up to five visible questions similar to ?title= (as the ask page's preview)."""
    from champions.questions.service import similar_questions

    permissions.require("search.use")
    title = search_index.clean_query(request.args.get("title", ""))[0]
    similar = similar_questions(title, current_user) if title else []
    return render_template("questions/_similar.html", similar=similar)
