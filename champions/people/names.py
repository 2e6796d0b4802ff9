"""Names as people read them: two members called the same are told apart by team or organisation."""
from __future__ import annotations

from functools import cache

from flask import g, has_request_context
from sqlalchemy import func, select

from champions.auth.models import User
from champions.extensions import db


_SEPARATOR = "\x1f"  # the ASCII unit separator: no name has it


def shared_names_query():
    """The lower-cased display names more than one member has, as a select."""
    return (select(func.lower(User.display_name).label("name")).where(User.is_member)
            .group_by(func.lower(User.display_name)).having(func.count(User.id) > 1))


@cache  # the same for everyone: built once (building it costs every page a little)
def shared_names_joined():
    """The shared names as one string (a scalar subquery), for asking them in another query: see `remember_joined`."""
    names = shared_names_query().subquery()
    return select(func.aggregate_strings(names.c.name, _SEPARATOR)).scalar_subquery()


def remember_joined(joined: str | None) -> None:
    """Keep for the request the shared names that another query asked with `shared_names_joined`."""
    if has_request_context():
        g.hub_shared_names = frozenset(joined.split(_SEPARATOR)) if joined else frozenset()


def shared_names() -> frozenset[str]:
    """Display names (lower-cased) that more than one member has; one query per request, only when a name shows
    (none when the navigation's counting query asked them already: champions.people.needs)."""
    if has_request_context() and "hub_shared_names" in g:
        return g.hub_shared_names
    names = frozenset(db.session.scalars(shared_names_query()))
    if has_request_context():
        g.hub_shared_names = names
    return names


def where_from(user) -> str:
    """Team and organisation, as far as they are known ("North Team, Perth and Kinross Council")."""
    parts = [user.team.name if user.team else "", user.organisation.name if user.organisation else ""]
    return ", ".join(p for p in parts if p)


def person_name(user) -> str:
    """The person's name, with where they work when another member has the same name."""
    if user is None:
        return "Someone"
    name = user.display_name
    if name.lower() in shared_names():
        place = where_from(user) or user.role_label
        return f"{name} ({place})"
    return name
