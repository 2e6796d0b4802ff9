"""Assigning a new module: who it affects, and reopening completed inductions only when a champion chooses to."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from champions import audit, permissions
from champions.extensions import db
from champions.induction import content, progress
from champions.induction.models import Module, ModuleCompletion
from champions.induction.report import ReportRow, report_rows
from champions.timeutil import format_date, utcnow

SCOPES = {"everyone": "Everyone with an induction", "unfinished": "Only people who have not finished their induction"}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass
class Impact:
    """Whose induction a module would join: completed ones it would reopen, and unfinished ones by status."""

    reopens: list[ReportRow] = field(default_factory=list)  # complete, and without this module
    also: list[str] = field(default_factory=list)  # other modules a reopened induction asks for
    unfinished: dict[str, int] = field(default_factory=lambda: {"in_progress": 0, "not_started": 0, "overdue": 0})

    @property
    def unfinished_total(self) -> int:
        return sum(self.unfinished.values())

    @property
    def summary(self) -> str:
        """'reopens 1 completed and 3 in-progress inductions (1 of them overdue, 1 not started)'."""
        parts = [f"{self.unfinished['overdue']} of them overdue"] if self.unfinished["overdue"] else []
        if self.unfinished["not_started"]:
            parts.append(f"{self.unfinished['not_started']} not started")
        detail = f" ({', '.join(parts)})" if parts else ""
        return (f"reopens {len(self.reopens)} completed and {self.unfinished_total} in-progress "
                f"induction{'' if self.unfinished_total == 1 else 's'}{detail}")

    @property
    def reopens_words(self) -> str:
        return _plural(len(self.reopens), "completed induction", "completed inductions")


def scope_choices(effect: Impact) -> list[tuple[str, str]]:
    """The two choices, saying what each does to completed inductions."""
    stay = "stays" if len(effect.reopens) == 1 else "stay"
    return [("unfinished", f"{SCOPES['unfinished']}: the {effect.reopens_words} {stay} complete"),
            ("everyone", f"{SCOPES['everyone']}: reopen the {effect.reopens_words}, with a new due date")]


def impact(module: Module) -> Impact:
    """Who a module affects if it is assigned to everyone (read only)."""
    result = Impact()
    for row in report_rows():
        if row.status == "completed":
            if module.id not in row.completed_ids:
                result.reopens.append(row)
        else:
            result.unfinished[row.status] += 1
    result.also = sorted(_others_missing(module, result.reopens))
    return result


def _others_missing(module: Module, rows: list[ReportRow]) -> set[str]:
    """`other_missing` for several people at once, in one query (not two per person): the open modules, each
    with the level it is shared at, kept for each person who reads that level."""
    if not rows:
        return set()
    shared = db.session.execute(select(Module.id, Module.title, Module.audience)
                                .where(permissions.INDUCTION_MODULE.open_clause())).all()
    titles = set()
    for row in rows:
        # open_clause(user) is open_clause() at a level the person reads.
        titles |= {title for module_id, title, level in shared
                   if module_id != module.id and module_id not in row.completed_ids
                   and permissions.can_see_level(row.user, level)}
    return titles


def other_missing(module: Module, user) -> list[str]:
    """Published modules besides this one that the person has not completed: a reopened induction asks for them too.

    A module published only for unfinished inductions skipped a completed one; reopening brings it in.
    """
    done = set(db.session.scalars(select(ModuleCompletion.module_id).where(ModuleCompletion.user_id == user.id)))
    return [m.title for m in progress.published_modules(user) if m.id != module.id and m.id not in done]


def assign(module: Module, actor, scope: str, due_on: date | None) -> list:
    """Publish a draft into every unfinished induction; with scope 'everyone', also reopen completed ones.

    Returns the people whose induction was reopened (each keeps the date they first completed it).
    """
    rows = report_rows()
    last_done = dict(db.session.execute(select(ModuleCompletion.user_id, func.max(ModuleCompletion.completed_at))
                                        .group_by(ModuleCompletion.user_id)).all())
    for row in rows:
        if row.status == "completed" and row.assignment.completed_at is None:
            # Finished but never stamped: stamp it now, or the new module would silently reopen it.
            row.assignment.completed_at = last_done.get(row.user.id) or utcnow()
    reopened = []
    if scope == "everyone":
        for row in rows:
            if row.status == "completed" and module.id not in row.completed_ids:
                _reopen(row.assignment, due_on)
                reopened.append(row.user)
    if not module.is_published:
        content.publish(module, actor)
    audit.record(actor, "induction.module_assign", module, summary=f"{module.title}: {SCOPES[scope].lower()}",
                 after={"scope": scope, "reopened": len(reopened), "due_on": due_on.isoformat() if due_on and reopened else None})
    if reopened:
        from champions.notifications.service import notify

        for user in reopened:
            also = "".join(f" and “{title}”" for title in other_missing(module, user))
            notify([user], kind="induction_reopened", url="/induction/", visibility="staff", actor=actor,
                   title=f"“{module.title}”{also} {'have' if also else 'has'} been added to your induction: "
                         f"due by {format_date(due_on)}")
    return reopened


def _reopen(assignment, due_on: date | None) -> None:
    """Reopen a completed induction with a new due date; its reminders start again."""
    assignment.previous_completed_at = assignment.completed_at
    assignment.completed_at = None
    assignment.reopened_at = utcnow()
    if due_on is not None:
        assignment.due_on = due_on
    assignment.due_soon_reminder_at = assignment.overdue_reminder_at = None


def done_message(module: Module, scope: str, reopened: list, due_on: date | None) -> str:
    """What happened, in words, for the confirmation."""
    if scope != "everyone" or not reopened:
        return (f"“{module.title}” is published and is now part of every induction not yet finished. "
                "Completed inductions stay complete.")
    return (f"“{module.title}” is assigned to everyone. {_plural(len(reopened), 'completed induction was', 'completed inductions were')} "
            f"reopened, due by {format_date(due_on)}; each keeps the date it was first completed.")
