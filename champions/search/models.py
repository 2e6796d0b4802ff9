"""Pending index work, written in the same transaction as the change that caused it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class SearchJob(db.Model):
    """'Reindex this object': applied under the index lock after commit, then deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def enqueue(kind: str, object_id: int) -> None:
    """Ask for (kind, id) to be reindexed once the current transaction commits."""
    db.session.add(SearchJob(kind=kind, object_id=object_id))
