"""The audit log: who changed what, when, with the values before and after."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """One recorded change, written in the same transaction as the change itself."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(String(500), default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")

    actor = relationship("User")

    @property
    def before(self) -> dict:
        return json.loads(self.before_json) if self.before_json else {}

    @property
    def after(self) -> dict:
        return json.loads(self.after_json) if self.after_json else {}


def record(actor, action: str, target=None, summary: str = "",
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    """Add an audit event to the session; the caller's commit saves it with the change."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=getattr(target, "id", None),
        summary=summary[:500],
        before_json=json.dumps(before, default=str, sort_keys=True) if before else "",
        after_json=json.dumps(after, default=str, sort_keys=True) if after else "",
    )
    db.session.add(event)
    return event
