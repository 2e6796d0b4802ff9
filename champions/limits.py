"""One rate limit per person on every form that renders what they write (Preview and posting)."""
from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from champions.extensions import limiter


def _writing_limit() -> str:
    return current_app.config.get("WRITING_LIMIT_PER_PERSON", "20 per minute;200 per hour")


def _person() -> str:
    """Each signed-in person has their own allowance: colleagues behind one office address do not share it."""
    return f"person:{current_user.id}" if current_user.is_authenticated else get_remote_address()


# Shared: previewing a question, then an answer, then an update all count towards one allowance.
_shared_writing_limit = limiter.shared_limit(_writing_limit, scope="writing", key_func=_person, methods=["POST"])
WRITING_VIEWS: set = set()  # views under the limit: their "too many" page keeps what was written


def writing_limit(view):
    """Limit a view's POSTs with the shared writing allowance."""
    limited = _shared_writing_limit(view)
    WRITING_VIEWS.add(limited)
    return limited
