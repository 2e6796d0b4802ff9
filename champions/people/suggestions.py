"""Names to suggest after "@": members the post's audience admits, whose name starts with what was typed."""
from __future__ import annotations

from sqlalchemy import func, or_

from champions import permissions
from champions.auth.models import User
from champions.extensions import db

LIMIT = 8


def members(reader, typed: str, label: permissions.AccessLabel) -> list:
    """Up to LIMIT members who may see a post with this label, by name (any word of it) starting with `typed`."""
    typed = " ".join((typed or "").split())[:60].lower()
    if not typed:
        return []
    name = func.lower(User.display_name)
    query = (permissions.recipients(label)
             .where(or_(name.startswith(typed, autoescape=True), name.contains(" " + typed, autoescape=True)),
                    User.id != reader.id)
             .order_by(None).order_by(User.display_name, User.id).limit(LIMIT))
    return list(db.session.scalars(query))
