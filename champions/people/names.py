"""Names as people read them: two members called the same are told apart by team or organisation."""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import func, select

from champions.auth.models import User
from champions.extensions import db


def shared_names() -> frozenset[str]:
    """Display names (lower-cased) that more than one member has; one query per request, only when a name shows."""
    if has_request_context() and "hub_shared_names" in g:
        return g.hub_shared_names
    names = frozenset(db.session.scalars(
        select(func.lower(User.display_name)).where(User.is_member)
        .group_by(func.lower(User.display_name)).having(func.count(User.id) > 1)))
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
