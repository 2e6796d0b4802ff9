"""Library queries: the practice library's combinable filters and counts, for resources (plus their kind)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from champions import permissions
from champions.extensions import db
from champions.practice.queries import SORTS, TagLibrary, chosen_from_args  # noqa: F401 - as practice
from champions.resources.models import FACETS, KINDS, Resource, resource_tag


LIBRARY = TagLibrary(permissions.RESOURCE, resource_tag, "resource_id")  # practice's filters, for resources
visible_clause = LIBRARY.visible_clause


def conditions(chosen: dict[str, list[int]], kinds: list[str], skip: str | None = None) -> list:
    """One condition per facet (any of its chosen values); facets combine with AND."""
    found = LIBRARY.facet_conditions(chosen, skip)
    if kinds and skip != "kind":
        found.append(Resource.kind.in_(kinds))
    return found


def kinds_from_args(args) -> list[str]:
    """The kinds of resource chosen in the query string (unknown values ignored)."""
    return [k for k in args.getlist("kind") if k in KINDS]


def library_query(user, chosen: dict[str, list[int]], kinds: list[str] = (), sort: str = "newest") -> Select:
    """Published resources this person may read, matching every chosen filter."""
    query = (select(Resource).where(visible_clause(user), *conditions(chosen, list(kinds)))
             .options(selectinload(Resource.tags), joinedload(Resource.organisation)))
    if sort == "title":
        return query.order_by(func.lower(Resource.title), Resource.id)
    return query.order_by(Resource.published_at.desc(), Resource.id.desc())


def facet_counts(user, chosen: dict[str, list[int]], kinds: list[str]) -> dict[str, list[tuple]]:
    """For each facet, each value with how many resources would match if it were chosen with the other filters."""
    result: dict[str, list[tuple]] = {}
    rows = dict(db.session.execute(
        select(Resource.kind, func.count(Resource.id)).where(visible_clause(user), *conditions(chosen, kinds, "kind"))
        .group_by(Resource.kind)).all())
    result["kind"] = [(key, label, rows.get(key, 0)) for key, label in KINDS.items()]
    tags = LIBRARY.tag_counts(user, lambda skip: conditions(chosen, kinds, skip))
    for facet in FACETS:
        result[facet] = [(tag.id, tag.name, n) for tag, n in tags[facet]]
    return result


def review_query() -> Select:
    """Resources submitted for review, oldest first."""
    return (select(Resource).options(joinedload(Resource.author), joinedload(Resource.organisation))
            .where(Resource.status == "submitted").order_by(Resource.submitted_at, Resource.id))


def due_for_review_query() -> Select:
    """Published resources whose review date has passed, oldest first."""
    return (select(Resource).options(joinedload(Resource.author), joinedload(Resource.organisation))
            .where(Resource.status == "published", Resource.review_due_on < date.today())
            .order_by(Resource.review_due_on, Resource.id))


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def mine_query(user) -> Select:
    """The person's own resources that they may still open, most recently changed first."""
    return (select(Resource).options(joinedload(Resource.organisation))
            .where(Resource.author_id == user.id, permissions.RESOURCE.clause(user))
            .order_by(Resource.updated_at.desc(), Resource.id.desc()))
