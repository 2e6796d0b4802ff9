"""What the background worker leaves in the database: one claim per scheduled run, and each worker's heartbeat."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow


class JobRun(db.Model):
    """One run of a scheduled job. The unique (job, scheduled_for) pair is the lock: the first worker to
    insert it runs the job, every other worker's insert fails and it skips that run."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "scheduled_for", name="uq_job_runs_job_scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    worker_id: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="running")  # running, ok, failed
    detail: Mapped[str] = mapped_column(String(1000), default="")


class WorkerHeartbeat(db.Model):
    """A running `flask worker`: it updates last_beat_at every 30 seconds."""

    __tablename__ = "worker_heartbeats"

    worker_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
