"""The one rulebook: who may do what. Views, queries and templates all ask here.

``can(user, action, obj=None)`` takes a user (or None / an anonymous user) and an
object, never the request, so every rule is testable without a client. Each feature
keeps its rules in its own section of RULES below.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from flask import abort
from flask_login import current_user, login_required

# Content visibility, narrowest first.
VISIBILITY_LABELS = {
    "champions": "SDS Champions only",
    "staff": "All staff",
    "partners": "Staff and partners",
}
ROLE_LEVELS = {
    "admin": ("champions", "staff", "partners"),
    "champion": ("champions", "staff", "partners"),
    "practitioner": ("staff", "partners"),
    "partner": ("partners",),
}


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "active", False))


def visible_levels(user) -> tuple[str, ...]:
    """The visibility levels this person may read (empty when signed out)."""
    if not _signed_in(user):
        return ()
    return ROLE_LEVELS.get(user.role, ())


def can_see_level(user, level: str) -> bool:
    """May this person read content shared at this visibility level?"""
    return level in visible_levels(user)


def visibility_clause(column, user):
    """A SQL condition restricting a visibility column to what the user may read."""
    return column.in_(visible_levels(user) or ("__nobody__",))


def is_champion(user) -> bool:
    """Champions and admins."""
    return _signed_in(user) and user.role in ("champion", "admin")


def is_admin(user) -> bool:
    return _signed_in(user) and user.role == "admin"


def is_staff(user) -> bool:
    """Practitioners, champions and admins (not partners)."""
    return _signed_in(user) and user.role in ("practitioner", "champion", "admin")


def is_partner(user) -> bool:
    return _signed_in(user) and user.role == "partner"


def is_owner(user, obj) -> bool:
    """True when the object's author/owner is this user."""
    owner_id = getattr(obj, "author_id", None)
    if owner_id is None:
        owner_id = getattr(obj, "owner_id", None)
    return _signed_in(user) and owner_id is not None and owner_id == user.id


Rule = Callable[[Any, Any], bool]

# --- foundation: accounts and administration --------------------------------------
_FOUNDATION: dict[str, Rule] = {
    "admin.access": lambda u, o: is_admin(u),
    "profile.view": lambda u, o: _signed_in(u),
    "content.read_level": lambda u, level: can_see_level(u, level),
}

# --- questions and answers ----------------------------------------------------------
_QUESTIONS: dict[str, Rule] = {}

# --- moderation -----------------------------------------------------------------------
_MODERATION: dict[str, Rule] = {}

# --- notifications --------------------------------------------------------------------
_NOTIFICATIONS: dict[str, Rule] = {
    "notifications.view": lambda u, o: _signed_in(u),
}

# --- search ---------------------------------------------------------------------------
_SEARCH: dict[str, Rule] = {
    "search.use": lambda u, o: _signed_in(u),
}

# --- meetings -------------------------------------------------------------------------
_MEETINGS: dict[str, Rule] = {}

# --- induction ------------------------------------------------------------------------
_INDUCTION: dict[str, Rule] = {}

# --- practice examples ----------------------------------------------------------------
_PRACTICE: dict[str, Rule] = {}

# --- partner updates and organisations ------------------------------------------------
_UPDATES: dict[str, Rule] = {}


RULES: dict[str, Rule] = {}
for _section in (_FOUNDATION, _QUESTIONS, _MODERATION, _NOTIFICATIONS, _SEARCH,
                 _MEETINGS, _INDUCTION, _PRACTICE, _UPDATES):
    _duplicated = RULES.keys() & _section.keys()
    if _duplicated:
        raise RuntimeError(f"permission rules defined twice: {sorted(_duplicated)}")
    RULES.update(_section)


def can(user, action: str, obj: Any = None) -> bool:
    """May this user do this action (to this object)? Unknown actions are refused loudly."""
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"no permission rule for {action!r}") from None
    return bool(rule(user, obj))


def role_required(*roles: str):
    """View decorator: sign-in required, and the user's role must be one of these (admin always passes)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role != "admin" and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require(action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Abort unless the current user may do this: 404 when hide=True (content they may not see), else 403."""
    if not can(current_user, action, obj):
        abort(404 if hide else 403)
