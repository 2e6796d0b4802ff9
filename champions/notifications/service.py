"""notify(): the one call features make to tell people about something."""
from __future__ import annotations

from typing import Iterable

from flask import current_app
from sqlalchemy import bindparam, case, func, or_, select, update

from champions import permissions, privacy
from champions.database import commit_keeping_loaded
from champions.extensions import db
from champions.notifications import kinds, preferences
from champions.notifications.models import Notification
from champions.outbox import queue_email
from champions.timeutil import utcnow

TITLE_MAX = 300
URL_MAX = 500
EXCERPT_MAX = 200


def _clip(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def absolute_url(url: str) -> str:
    """The link as a full address for email (SERVER_BASE_URL + path)."""
    if url.startswith(("http://", "https://")):
        return url
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + "/" + url.lstrip("/")


def excerpt(text: str | None) -> str:
    """A short excerpt of what someone wrote for an email, or "" when the personal-data guard finds anything.

    The guard checks the whole text, not just the excerpt: a number cut in half is still personal data.
    """
    text = " ".join((text or "").split())
    if not text or privacy.scan(text):
        return ""
    if len(text) <= EXCERPT_MAX:
        return text
    return text[:EXCERPT_MAX].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def email_body(user, items: list[Notification], intro: str = "", quote: str = "",
               unsubscribe: tuple[str, str] | None = None) -> str:
    """Plain-text email: greeting, each title and its link, a short quote, and how to stop this kind of email.

    `unsubscribe` is (what it stops, the signed one-click address).
    """
    lines = [f"Hello {user.display_name},", ""]
    if intro:
        lines += [intro, ""]
    for item in items:
        lines += [item.title]
        if quote:
            lines += ["", f"  “{quote}”", ""]
        lines += [absolute_url(item.url), ""]
    lines += [
        f"All your notifications: {absolute_url('/notifications/')}",
        f"Choose which emails you get: {absolute_url('/notifications/settings')}",
    ]
    if unsubscribe:
        lines += [f"Stop {unsubscribe[0]}: {unsubscribe[1]}"]
    lines += [
        "",
        "-- ",
        current_app.config.get("SITE_NAME", "SDS Champions Hub"),
    ]
    return "\n".join(lines) + "\n"


def _label(visibility) -> permissions.AccessLabel:
    """A level ("staff") or the content's AccessLabel (from its audience) as an AccessLabel, checked."""
    label = visibility if isinstance(visibility, permissions.AccessLabel) else permissions.AccessLabel(visibility)
    if label.level not in permissions.VISIBILITY_LABELS and label.level not in (permissions.OWNER_ONLY,
                                                                                permissions.MEMBERS_LEVEL):
        raise ValueError(f"unknown visibility {label.level!r}: use one of {sorted(permissions.VISIBILITY_LABELS)}")
    return label


def notify(users: Iterable, *, kind: str, title: str, url: str, visibility,
           actor=None, subject: str | None = None, text: str | None = None) -> list[Notification]:
    """Notify each person once (not the actor, not those who may not see it); email those who want this kind at once.

    `visibility` is a level, or the access label of the content (`permissions.<TYPE>.access_label(obj)`).
    `subject` ("question:5") links the notifications to their content for set_subject_visibility().
    `text` is what was written (Markdown source): the email quotes a short excerpt when the guard finds nothing in it.
    """
    label = _label(visibility)
    title = _clip(title, TITLE_MAX)
    url = url[:URL_MAX]
    actor_id = getattr(actor, "id", None)
    seen: set[int] = set()
    created: list[Notification] = []
    now = utcnow()
    told = []
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        if user.id == actor_id or not user.is_member or not label.admits(user):
            continue
        told.append(user)
    # Each person's email choice for this kind in one query, and the excerpt checked by the guard once.
    choices = preferences.chosen_for_kind([user.id for user in told], kind)
    quote = excerpt(text) if text else ""
    for user in told:
        item = Notification(user_id=user.id, kind=kind, title=title, url=url, visibility=label.level,
                            owner_id=label.owner_id, access_group=label.group, subject=subject,
                            actor_id=actor_id, created_at=now)
        db.session.add(item)
        created.append(item)
        choice = choices.get(user.id) or kinds.default_choice(user.email_frequency, kind)
        if choice == "immediate":
            _email_at_once(user, item, quote)
            item.emailed_at = now
    return created


def _email_at_once(user, item: Notification, quote: str) -> None:
    stop = (f"emails like this ({kinds.kind(item.kind).label.lower()})", preferences.unsubscribe_url(user, item.kind))
    queue_email(user.email, item.title, email_body(user, [item], quote=quote, unsubscribe=stop),
                about=[item.subject] if item.subject else (), unsubscribe_url=stop[1])


def set_subject_visibility(subject: str, visibility) -> int:
    """Give every notification about this content its new visibility (one UPDATE); returns how many rows.

    Call it in the same transaction as the change, with the content's access label from its audience.
    The list, header count and digest then follow in SQL.
    """
    label = _label(visibility)
    if not subject:
        return 0
    result = db.session.execute(
        update(Notification).where(Notification.subject == subject,
                                   or_(Notification.visibility != label.level,
                                       Notification.owner_id.is_distinct_from(label.owner_id),
                                       Notification.access_group.is_distinct_from(label.group)))
        .values(visibility=label.level, owner_id=label.owner_id, access_group=label.group)
    )
    return result.rowcount or 0


def seen_by(user):
    """SQL: the notifications whose access label admits this person."""
    return permissions.label_clause(Notification.visibility, Notification.owner_id, user, Notification.access_group)


def visible_to(user):
    """A select() of this person's notifications they may still see, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id,
               seen_by(user))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user) -> int:
    """How many unread notifications this person may still see (one COUNT query)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            seen_by(user),
        )
    ) or 0


def _page_patterns(path: str) -> dict:
    """The values for `_FOR_PAGE`: this page, and this page with any #anchor."""
    return {"page_url": path, "page_url_anchored": path.replace("\\", "\\\\").replace("%", "\\%")
            .replace("_", "\\_") + "#%"}


# SQL: notifications linking to the page being opened (its #anchor aside), the page given as `_page_patterns`.
_FOR_PAGE = or_(Notification.url == bindparam("page_url"),
                Notification.url.like(bindparam("page_url_anchored"), escape="\\"))


def _unread_on_visit_statements(user):
    """This person's two statements for `unread_on_visit`, built once and kept (every page runs the first), so
    SQLAlchemy neither builds them nor works out their cache keys again."""
    def build():
        unread = (Notification.user_id == user.id, Notification.read_at.is_(None), seen_by(user))
        return (select(func.count(Notification.id), func.count(case((_FOR_PAGE, Notification.id)))).where(*unread),
                update(Notification).where(*unread, _FOR_PAGE).values(read_at=bindparam("read_at")))

    return permissions.per_person(("notifications.unread_on_visit",), user, build,
                                  of=(Notification.__table__, *permissions.member_audiences()))


def unread_on_visit(user, path: str) -> int:
    """Mark read the notifications linking to the page being opened; returns the unread count left.

    One query counts both (unread, and unread for this page); an UPDATE runs only when the page has
    some, so an ordinary page view reads once and writes nothing.
    """
    if not getattr(user, "is_authenticated", False):
        return 0
    count, mark_read = _unread_on_visit_statements(user)
    page = _page_patterns(path) if path else {"page_url": None, "page_url_anchored": None}
    total, on_page = db.session.execute(count, page).one()
    if on_page:
        db.session.execute(mark_read, page | {"read_at": utcnow()})
        commit_keeping_loaded()  # what is loaded so far (the person, their session) is unchanged
    return (total or 0) - (on_page or 0)
