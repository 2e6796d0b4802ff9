""""Needs you": the few things waiting for this person, counted in one query for the navigation and the home page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from datetime import timedelta

from flask import g, has_request_context
from sqlalchemy import func, select

from champions import permissions
from champions.extensions import db
from champions.timeutil import is_working_day, to_local, utcnow

DUE_WITHIN = 3  # working days


@dataclass(frozen=True)
class Need:
    """One line of the "Needs you" list."""

    key: str
    count: int
    text: str
    url: str


def _due_by(today):
    """The last day that is at most DUE_WITHIN working days from today."""
    day, left = today, DUE_WITHIN
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


class NavAnswer:
    """A yes/no a page shows, asked in the navigation's counting query when that runs before it is read (the
    navigation comes first in the layout), else by its own query when first read."""

    def __init__(self, query, fallback: Callable[[], bool]):
        self.query, self.fallback, self.value = query, fallback, None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = bool(self.fallback())
        return self.value


def ask_with_counts(query, fallback: Callable[[], bool]) -> NavAnswer:
    """Does `query` (a select) find a row? Answered with the navigation's counts, saving a query: `fallback()`
    answers it instead when it is read first (or outside a request)."""
    answer = NavAnswer(query, fallback)
    if has_request_context() and "hub_needs" not in g:
        g.setdefault("hub_nav_asks", []).append(answer)
    return answer


def _count(query):
    return query.with_only_columns(func.count()).order_by(None).scalar_subquery()


# Counts only the home page's panels show, counted there in the same query as "Needs you":
# key -> fn(user) giving a count subquery (see `count_of`), or None when the person is not shown it.
HOME_COUNTS: dict[str, Callable] = {}


def home_count(key: str):
    """Decorator: register fn(user) -> count subquery or None, counted with "Needs you" on the home page."""

    def decorator(fn):
        HOME_COUNTS[key] = fn
        return fn

    return decorator


def count_of(query):
    """A select() as a count subquery, for a `home_count` function."""
    return select(func.count()).select_from(query.order_by(None).subquery()).scalar_subquery()


def home_counts(user) -> dict[str, int]:
    """The home page's counts and "Needs you", in one query kept for the request."""
    return counts(user, home=True)


def counts(user, home: bool = False) -> dict[str, int]:
    """How many of each thing wait for this person (one query, kept for the request)."""
    if has_request_context() and "hub_needs" in g and g.hub_needs[0] == getattr(user, "id", None) \
            and (g.hub_needs[2] or not home):
        return g.hub_needs[1]
    found: dict[str, int] = {}
    if getattr(user, "is_authenticated", False) and user.role in permissions.ROLE_LEVELS:
        from champions.meetings.models import Action, Meeting
        from champions.moderation.models import Flag, GuardOverride
        from champions.practice.models import PracticeExample
        from champions.questions.queries import awaiting_champion_query

        today = to_local(utcnow()).date()
        parts = {"actions": _count(select(Action.id).join(Meeting, Action.meeting_id == Meeting.id).where(
            Action.owner_id == user.id, Action.status == "open", Action.due_on.isnot(None),
            Action.due_on <= _due_by(today), permissions.MEETING.clause(user)))}
        if permissions.is_champion(user):
            parts["reports"] = _count(select(Flag.id).where(Flag.resolved_at.is_(None)))
            parts["held"] = _count(select(GuardOverride.id).where(GuardOverride.held.is_(True),
                                                                  GuardOverride.resolved_at.is_(None)))
            parts["review"] = _count(select(PracticeExample.id).where(PracticeExample.status == "submitted"))
            parts["awaiting"] = _count(awaiting_champion_query(user))
        if home:
            for key, fn in HOME_COUNTS.items():
                part = fn(user)
                if part is not None:
                    parts[key] = part
        # What the same page asks later, asked here to save a query each: what the view asked (`ask_with_counts`),
        # may this partner see the induction
        # (its navigation link), has this person saved the page's item (its Save button), and which names
        # more than one member has (a name shown with its team).
        from champions.people import names

        extra = {}
        asks = [a for a in g.pop("hub_nav_asks", []) if a.value is None] if has_request_context() else []
        for n, answer in enumerate(asks):
            extra[f"ask_{n}"] = answer.query.exists()
        if has_request_context() and "hub_shared_names" not in g:
            extra["shared_names"] = names.shared_names_joined()
        if permissions.is_partner(user):
            extra["partner_induction"] = permissions.induction_open_to_partners_query().exists()
        here = _saved_here() if has_request_context() else None
        if here is not None:
            from champions.people.following import saved_query

            extra["saved_here"] = saved_query(user, *here).exists()
        row = db.session.execute(select(*[value.label(key) for key, value in (parts | extra).items()])).one()
        found = {key: int(getattr(row, key) or 0) for key in parts}
        for n, answer in enumerate(asks):
            answer.value = bool(getattr(row, f"ask_{n}"))
        if has_request_context():
            if "shared_names" in extra:
                names.remember_joined(row.shared_names)
            if "partner_induction" in extra:
                g.hub_partner_induction = bool(row.partner_induction)
            if here is not None:
                g.hub_saved = {(here[0], here[1], user.id): bool(row.saved_here)}
    if has_request_context():
        g.hub_needs = (getattr(user, "id", None), found, home)
    return found


def _saved_here() -> tuple[str, int] | None:
    """(content type, id) of the savable item this page is about (a GET of its own address), else None."""
    from flask import request

    from champions.people.following import SAVABLE

    args = request.view_args or {}
    if request.method != "GET" or len(args) != 1:
        return None
    object_id = next(iter(args.values()))
    if not isinstance(object_id, int):
        return None
    for content_type, kind in SAVABLE.items():
        if kind.url.format(id=object_id) == request.path:
            return content_type, object_id
    return None


# Navigation item (endpoint) -> the counts shown on it.
NAV_COUNTS = {
    "moderation.queue": ("reports", "held"),
    "practice.index": ("review",),
    "questions.index": ("awaiting",),
    "meetings.index": ("actions",),
}


def nav_counts(user) -> dict[str, int]:
    """The number to show on each navigation item (only those above zero)."""
    found = counts(user)
    totals = {endpoint: sum(found.get(key, 0) for key in keys) for endpoint, keys in NAV_COUNTS.items()}
    return {endpoint: total for endpoint, total in totals.items() if total}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def needs(user) -> list[Need]:
    """The "Needs you" list for the home page, most urgent first; empty when nothing waits."""
    found = counts(user)
    items = []
    if found.get("held"):
        items.append(Need("held", found["held"], _plural(found["held"], "post held for you to check for personal data",
                                                         "posts held for you to check for personal data"),
                          "/moderation/held"))
    if found.get("reports"):
        items.append(Need("reports", found["reports"], _plural(found["reports"], "report to moderate", "reports to moderate"),
                          "/moderation/"))
    if found.get("review"):
        items.append(Need("review", found["review"], _plural(found["review"], "practice example to review",
                                                             "practice examples to review"), "/practice/review"))
    if found.get("awaiting"):
        items.append(Need("awaiting", found["awaiting"], _plural(found["awaiting"], "question waiting for a champion",
                                                                 "questions waiting for a champion"),
                          "/questions/?tab=awaiting"))
    if found.get("actions"):
        items.append(Need("actions", found["actions"], _plural(found["actions"], "action of yours due soon or overdue",
                                                               "actions of yours due soon or overdue"),
                          "/meetings/actions?mine=1"))
    step = _induction_step(user)
    if step is not None:
        items.append(step)
    return items


def _induction_step(user) -> Need | None:
    """The next module of this person's induction, when they have one to do."""
    if not permissions.is_staff(user):
        return None
    from champions.induction import progress

    overview = progress.page_overview(user)
    if overview.assignment is None or overview.all_complete or overview.next_state is None:
        return None
    module = overview.next_state.module
    late = " (overdue)" if overview.overdue else ""
    return Need("induction", 1, f"Induction next step{late}: {module.title}", f"/induction/modules/{module.id}")
