"""Server time in one process: each page requested one at a time through the WSGI test client.

What it measures is the Hub's own work for a request (routing, session, SQL, templates), with no
network, no gunicorn and no concurrency, so it is the figure the issue's "8 ms" goal is about.
`run.py` calls `measure()` after seeding; `--profile NAME` there prints a cProfile of one page.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import re
import statistics
import time
from dataclasses import dataclass, field

from benchmarks.loadgen import percentile


@dataclass
class Timing:
    """Server times (ms) of one page, requested one at a time."""

    name: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this thread's CPU time: less disturbed by a busy machine
    templates: list[float] = field(default_factory=list)  # time inside render_template
    sql: list[float] = field(default_factory=list)  # time inside the database driver's execute and fetch
    queries: int = 0
    status: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def percentile(self, p: float) -> float:
        return percentile(self.times, p)


def signed_in_client(app, email: str, password: str):
    """A test client signed in through the real sign-in form (CSRF token and all)."""
    client = app.test_client()
    page = client.get("/auth/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    response = client.post("/auth/sign-in", data={"csrf_token": token.group(1) if token else "",
                                                  "email": email, "password": password})
    if response.status_code != 302 or "/auth/sign-in" in response.headers.get("Location", ""):
        raise RuntimeError(f"could not sign in as {email}")
    return client


class Clock:
    """Adds up the time a request spends rendering templates and in the database driver."""

    def __init__(self, app):
        from flask import before_render_template, template_rendered
        from sqlalchemy import event

        from champions.extensions import db

        self.template = self.sql = 0.0
        self.queries = 0
        self._marks: list[float] = []
        before_render_template.connect(self._start, app, weak=False)
        template_rendered.connect(self._stop_template, app, weak=False)
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._before_sql)
            event.listen(db.engine, "after_cursor_execute", self._after_sql)

    def reset(self) -> None:
        self.template = self.sql = 0.0
        self.queries = 0

    def _start(self, *_args, **_kwargs) -> None:
        self._marks.append(time.perf_counter())

    def _stop_template(self, *_args, **_kwargs) -> None:
        if self._marks:
            self.template += time.perf_counter() - self._marks.pop()

    def _before_sql(self, *_args) -> None:
        self._sql_start = time.perf_counter()

    def _after_sql(self, *_args) -> None:
        self.sql += time.perf_counter() - self._sql_start
        self.queries += 1


def time_page(client, name: str, path: str, repeat: int, warmup: int = 5, clock: Clock | None = None) -> Timing:
    """GET path `warmup` times, then `repeat` times, timing each from the WSGI call to the last byte."""
    timing = Timing(name)
    for _ in range(warmup):
        client.get(path).close()
    for _ in range(repeat):
        if clock:
            clock.reset()
        start, cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        response.get_data()
        timing.times.append((time.perf_counter() - start) * 1000)
        timing.cpu.append((time.thread_time() - cpu) * 1000)
        if clock:
            timing.templates.append(clock.template * 1000)
            timing.sql.append(clock.sql * 1000)
            timing.queries = clock.queries
        timing.status = response.status_code
        response.close()
    return timing


def measure(app, pages: list[tuple[str, str, str]], accounts: dict[str, tuple[str, str]],
            repeat: int = 50) -> list[Timing]:
    """Time each (account key, name, path) page `repeat` times in this process."""
    clients = {key: signed_in_client(app, *credentials) for key, credentials in accounts.items()}
    clock = Clock(app)
    return [time_page(clients[key], name, path, repeat, clock=clock) for key, name, path in pages]


def profile(app, account: tuple[str, str], path: str, repeat: int = 30, top: int = 40, callers: str = "") -> str:
    """A cProfile of `repeat` requests for path, the `top` functions by cumulative and by own time, and who
    calls the functions whose names match the regular expression `callers`."""
    client = signed_in_client(app, *account)
    for _ in range(5):
        client.get(path).close()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path).close()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    if callers:
        stats.print_callers(callers)
    return out.getvalue()


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(timings: list[Timing]) -> str:
    """A plain-text table of in-process server times: median wall clock, p95, median CPU time of the request's
    thread (SQLite runs in that thread; PostgreSQL's own work is not counted there), median time inside
    render_template and inside the database driver (execute and fetch), and the SQL statements a request."""
    lines = [f"{'page (one process, one at a time)':<34} {'status':>6} {'n':>4} {'median ms':>10} {'p95 ms':>8} "
             f"{'CPU ms':>7} {'templates':>9} {'SQL ms':>7} {'queries':>7}"]
    for t in timings:
        lines.append(f"{t.name:<34} {t.status:>6} {len(t.times):>4} {t.median:>10.1f} {t.percentile(95):>8.1f} "
                     f"{t.cpu_median:>7.1f} {_median(t.templates):>9.1f} {_median(t.sql):>7.1f} {t.queries:>7}")
    return "\n".join(lines)
