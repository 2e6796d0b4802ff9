"""What /metrics reports: counters kept as requests happen, and gauges read from the database when scraped.

Under gunicorn every worker process counts its own requests; with PROMETHEUS_MULTIPROC_DIR set (see
deploy/) prometheus-client keeps the counts in files there and a scrape adds up all the workers'.
Queue sizes and the worker's heartbeat are read at scrape time, so any worker answers with the same figures.
"""
from __future__ import annotations

import os
from datetime import datetime

from flask import current_app, has_app_context
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily

# Seconds; most pages take 5-50 ms, a slow search or upload up to a few seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SIGN_IN_STEPS = ("password", "second_step")


def multiprocess_dir() -> str | None:
    """The folder gunicorn's workers share their counts in, when one is set."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir") or None


class HubMetrics:
    """The app's counters and histograms, in a registry of its own (one per app, so tests do not share counts)."""

    def __init__(self) -> None:
        if multiprocess_dir():
            os.makedirs(multiprocess_dir(), exist_ok=True)  # gunicorn.conf.py empties it when gunicorn starts
        self.registry = CollectorRegistry(auto_describe=True)
        self.latency = Histogram("hub_http_request_duration_seconds", "Time to answer a request, by Flask endpoint",
                                 ["endpoint", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.errors = Counter("hub_http_errors", "Responses with a 4xx or 5xx status, by Flask endpoint",
                              ["endpoint", "method", "status"], registry=self.registry)
        self.sign_in_failures = Counter("hub_sign_in_failures", "Failed sign-ins: a wrong password (or unknown "
                                        "email), or a wrong second-step code", ["step"], registry=self.registry)
        for step in SIGN_IN_STEPS:
            self.sign_in_failures.labels(step)  # present at 0, so rate() works from the first failure

    def observe_request(self, endpoint: str, method: str, status: int, seconds: float) -> None:
        """Record one answered request."""
        self.latency.labels(endpoint, method).observe(seconds)
        if status >= 400:
            self.errors.labels(endpoint, method, str(status)).inc()

    def scrape_registry(self) -> CollectorRegistry:
        """A registry for one scrape: every worker's counts (or this process's) plus the state read now."""
        registry = CollectorRegistry(auto_describe=False)
        if multiprocess_dir():
            multiprocess.MultiProcessCollector(registry)
        else:
            registry.register(self.registry)
        registry.register(StateCollector())
        return registry


def sign_in_failed(step: str) -> None:
    """Count a failed sign-in (called by champions.auth); nothing happens outside an app."""
    metrics = current_app.extensions.get("hub_metrics") if has_app_context() else None
    if metrics is not None:
        metrics.sign_in_failures.labels(step).inc()


class StateCollector:
    """Gauges read from the database when /metrics is scraped: the outbox, the search queue, the worker."""

    def describe(self):
        return []

    def collect(self):
        from champions.timeutil import utcnow

        now = utcnow()
        up = GaugeMetricFamily("hub_database_up", "1 when the database answered this scrape")
        try:
            figures, last_beat = _queue_figures(now)
        except Exception:  # the database is down: say so rather than fail the scrape
            from champions.extensions import db

            db.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, text, value in figures:
            gauge = GaugeMetricFamily(name, text)
            gauge.add_metric([], value)
            yield gauge
        age = None if last_beat is None else _age(now, last_beat)
        known = GaugeMetricFamily("hub_worker_heartbeat_known", "1 when the worker's last beat is known")
        known.add_metric([], 0 if age is None else 1)
        yield known
        if age is not None:
            gauge = GaugeMetricFamily("hub_worker_heartbeat_age_seconds", "Seconds since the worker's last beat")
            gauge.add_metric([], age)
            yield gauge


def _age(now: datetime, oldest: datetime | None) -> float:
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - oldest).total_seconds())


def _queue_figures(now: datetime) -> tuple[list[tuple[str, str, float]], datetime | None]:
    """(name, help, value) for the outbox and the search queue, and the worker's last beat: small aggregate queries."""
    from sqlalchemy import func, select

    from champions.extensions import db
    from champions.outbox.models import OutboxMessage
    from champions.search.models import SearchJob
    from champions.worker.models import WorkerHeartbeat

    waiting, oldest_email = db.session.execute(
        select(func.count(), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status.in_(("queued", "sending")))).one()
    failed = db.session.scalar(select(func.count()).where(OutboxMessage.status == "failed"))
    jobs, oldest_job = db.session.execute(select(func.count(), func.min(SearchJob.created_at))).one()
    last_beat = db.session.scalar(select(func.max(WorkerHeartbeat.last_beat_at)))
    db.session.rollback()  # end the read transaction: a scrape holds no snapshot open
    return [
        ("hub_outbox_backlog", "Emails queued or being sent", waiting),
        ("hub_outbox_oldest_queued_age_seconds", "Age of the oldest email still waiting (0 when none)",
         _age(now, oldest_email)),
        ("hub_outbox_failed", "Emails given up on after their attempts (kept as a record)", failed),
        ("hub_search_backlog", "Search index jobs waiting", jobs),
        ("hub_search_oldest_job_age_seconds", "Age of the oldest waiting search job (0 when none)",
         _age(now, oldest_job)),
    ], last_beat
