"""Email choices per kind of notification, and the signed one-click unsubscribe links."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from champions.extensions import db
from champions.notifications import kinds
from champions.notifications.models import NotificationSetting

_SALT = "notifications.unsubscribe"


def chosen(user) -> dict[str, str]:
    """The kinds this person chose an email setting for, and the choice."""
    return dict(db.session.execute(
        select(NotificationSetting.kind, NotificationSetting.email).where(NotificationSetting.user_id == user.id)).all())


def chosen_for_kind(user_ids, kind: str) -> dict[int, str]:
    """For one kind: each of these people's chosen email setting, by user id (one query; no row: the default)."""
    if not user_ids:
        return {}
    return dict(db.session.execute(
        select(NotificationSetting.user_id, NotificationSetting.email)
        .where(NotificationSetting.kind == kind, NotificationSetting.user_id.in_(list(user_ids)))).all())


def email_choice(user, kind: str, choices: dict[str, str] | None = None) -> str:
    """How this person wants email about this kind: "immediate", "daily" or "none"."""
    choices = chosen(user) if choices is None else choices
    return choices.get(kind) or kinds.default_choice(user.email_frequency, kind)


def choose(user, kind: str, email: str) -> None:
    """Record this person's email choice for a kind (the default choice keeps no row)."""
    if email not in kinds.EMAIL_CHOICES:
        raise ValueError(f"unknown email choice {email!r}")
    row = db.session.scalar(select(NotificationSetting).where(
        NotificationSetting.user_id == user.id, NotificationSetting.kind == kind))
    if email == kinds.default_choice(user.email_frequency, kind):
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(NotificationSetting(user_id=user.id, kind=kind, email=email))
    else:
        row.email = email


def stop_all(user) -> None:
    """No email at all: the general setting to none and no kind chosen otherwise."""
    user.email_frequency = "none"
    db.session.execute(delete(NotificationSetting).where(NotificationSetting.user_id == user.id))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user, kind: str) -> str:
    """A signed token naming the person and the kind of email (kinds.ALL for every email)."""
    return _serializer().dumps({"u": user.id, "k": kind})


def read_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token, or None when it was not signed by us."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


def unsubscribe_url(user, kind: str) -> str:
    """The full one-click unsubscribe address for this person and kind of email."""
    # Built by hand, not url_for: the daily digest runs from the command line, outside any request.
    path = f"/notifications/unsubscribe/{unsubscribe_token(user, kind)}"
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + path
