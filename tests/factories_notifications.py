"""Factories for notifications: add and flush, never commit."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from champions.extensions import db
from champions.notifications.models import Notification
from champions.timeutil import utcnow

_seq = itertools.count(1)


def notification(user, *, title: str | None = None, url: str | None = None, visibility: str = "staff",
                 kind: str = "new_answer", read: bool = False, ago: timedelta | None = None,
                 created_at: datetime | None = None, emailed: bool = False) -> Notification:
    """A notification for this user (unread unless read=True), created `ago` in the past."""
    n = next(_seq)
    created = created_at or utcnow() - (ago or timedelta(0))
    item = Notification(
        user_id=user.id, kind=kind, title=title or f"New answer to: Question {n}",
        url=url or f"/questions/{n}#answer-{n}", visibility=visibility, created_at=created,
        read_at=created if read else None, emailed_at=created if emailed else None,
    )
    db.session.add(item)
    db.session.flush()
    return item
