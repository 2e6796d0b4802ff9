"""A fake clock for the worker: APScheduler and the worker both read it, and a test moves it on."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import apscheduler.executors.base
import apscheduler.schedulers.base
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler

from champions.worker.runner import Worker


class FakeClock:
    """The time the test says it is (aware, UTC)."""

    def __init__(self, start: datetime):
        self.now = start.astimezone(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def datetime_class(self):
        """A datetime whose now() is this clock, to put in place of APScheduler's."""
        clock = self

        class ClockedDatetime(datetime):
            @classmethod
            def now(cls, tz=None):
                return clock.now.astimezone(tz) if tz else clock.now.replace(tzinfo=None)

        return ClockedDatetime


class TickingScheduler(BaseScheduler):
    """APScheduler's own scheduling with no thread: each tick() runs what is due and says how long to wait."""

    def shutdown(self, wait=True):
        super().shutdown(wait)

    def wakeup(self):
        pass

    def tick(self):
        return self._process_jobs()


def use_clock(monkeypatch, clock: FakeClock) -> None:
    """Make APScheduler read the fake clock (its scheduler and its misfire check)."""
    fake = clock.datetime_class()
    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", fake)
    monkeypatch.setattr(apscheduler.executors.base, "datetime", fake)


def ticking(worker: Worker, *, heartbeat: bool = True) -> TickingScheduler:
    """The worker's scheduler, running jobs inline, started."""
    scheduler = worker.scheduler(TickingScheduler, executors={"default": DebugExecutor()})
    if not heartbeat:
        scheduler.remove_job("heartbeat")
    scheduler.start()
    return scheduler


def run_until(schedulers, clock: FakeClock, end: datetime) -> None:
    """Tick every scheduler, moving the clock to the next due job each time, until `end`."""
    while clock.now < end:
        waits = [s.tick() for s in schedulers]
        waits = [w for w in waits if w is not None]
        if not waits:
            return
        clock.advance(max(min(waits), 0.001))
