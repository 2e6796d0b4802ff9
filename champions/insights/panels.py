"""The registry of insight figures: each feature adds its own (workshops, self-evaluation, search misses ...).

A figure is computed from the filters with a few aggregate queries and returns a `Figure`: the page draws
it as an SVG bar chart with the same numbers in a table, and offers the table as a CSV.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable


@dataclass(frozen=True)
class Filters:
    """What the page shows: a date range (inclusive, Europe/London days) and, optionally, one team."""

    start: date
    end: date
    team_id: int | None = None


@dataclass
class Figure:
    """One figure: a table (columns, rows) whose `value_column` the chart draws, with notes beside it."""

    columns: tuple[str, ...]
    rows: list[tuple]
    value_column: int = 1
    summary: list[str] = field(default_factory=list)   # sentences shown above the chart
    empty: str = "Nothing in this period."

    @property
    def bars(self) -> list[tuple[str, int]]:
        """(label, value) for the chart: the first column against the value column."""
        return [(str(row[0]), int(row[self.value_column] or 0)) for row in self.rows]


@dataclass(frozen=True)
class Panel:
    """A registered figure: its key (the CSV's name), heading, what it counts, and how to compute it."""

    key: str
    title: str
    description: str
    compute: Callable[[Filters], Figure]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    """Add a figure to the insights page (a feature calls this as it loads); keys are unique."""
    if panel.key in _PANELS and _PANELS[panel.key] != panel:
        raise RuntimeError(f"insight panel {panel.key!r} registered twice")
    _PANELS[panel.key] = panel
    return panel


def panel(key: str, title: str, description: str, order: int = 100):
    """Decorator form of register()."""

    def wrap(compute: Callable[[Filters], Figure]) -> Callable[[Filters], Figure]:
        register(Panel(key, title, description, compute, order))
        return compute

    return wrap


def all_panels() -> list[Panel]:
    """Every registered figure in page order."""
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def get(key: str) -> Panel | None:
    """One figure by its key."""
    return _PANELS.get(key)
