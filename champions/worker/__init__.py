"""The background worker: `flask worker` runs every scheduled job and queue (champions/worker/jobs.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Blueprint, current_app
from sqlalchemy import func, select

from champions.extensions import db
from champions.outbox.models import OutboxMessage
from champions.search.models import SearchJob
from champions.timeutil import utcnow
from champions.worker.models import WorkerHeartbeat

# cli_group=None: the command is `flask worker`, not `flask worker worker`.
bp = Blueprint("worker", __name__, cli_group=None)


@dataclass(frozen=True)
class WorkerStatus:
    """What /healthz, the admin page and the metrics report about background work."""

    last_beat: datetime | None
    outbox_backlog: int
    search_backlog: int


def status() -> WorkerStatus:
    """The latest beat of any worker, emails not yet sent, index jobs waiting (raises if the database is down)."""
    last_beat, outbox, search = db.session.execute(select(
        select(func.max(WorkerHeartbeat.last_beat_at)).scalar_subquery(),
        select(func.count(OutboxMessage.id)).where(OutboxMessage.status.in_(("queued", "sending"))).scalar_subquery(),
        select(func.count(SearchJob.id)).scalar_subquery(),
    )).one()
    return WorkerStatus(last_beat=last_beat, outbox_backlog=outbox or 0, search_backlog=search or 0)


def worker_state(last_beat: datetime | None, now: datetime | None = None) -> str:
    """"ok", "silent" (no beat for WORKER_SILENT_AFTER seconds) or "not running" (never beaten)."""
    if last_beat is None:
        return "not running"
    limit = timedelta(seconds=current_app.config.get("WORKER_SILENT_AFTER", 300))
    return "ok" if (now or utcnow()) - last_beat <= limit else "silent"


from champions.worker import cli  # noqa: E402,F401
