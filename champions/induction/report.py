"""The induction report for champions and admins: each assigned person's progress, and the same as CSV."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, or_, select

from champions.auth.models import User
from champions.extensions import db
from champions.induction.models import Assignment, CheckAttempt, Lesson, LessonProgress, Module, ModuleCompletion
from champions.induction.progress import today
from champions.timeutil import format_date

REPORT_STATUSES = {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed",
                   "overdue": "Overdue"}
CSV_COLUMNS = ("Name", "Email", "Organisation", "Team", "Status", "Modules completed", "Modules in induction",
               "Earlier versions", "Due date", "Completed date")


@dataclass
class ReportRow:
    """One assigned person's induction, as the report shows it."""

    user: User
    assignment: Assignment
    status: str
    completed: int
    total: int
    earlier: list[str]
    completed_ids: frozenset[int] = frozenset()  # every module they have completed, at any version, published or not

    @property
    def status_label(self) -> str:
        return REPORT_STATUSES[self.status]


def report_rows(team_id: int | None = None, organisation_id: int | None = None, status: str = "") -> list[ReportRow]:
    """Every assigned person's progress (published modules, any version counts; a completed induction stays so)."""
    is_published = Module.status == "published"
    published = select(Module.id).where(is_published)
    # Started: a lesson of a published module opened, or any check tried (asked per person in the same query).
    started = or_(
        select(LessonProgress.id).join(Lesson).where(
            LessonProgress.user_id == User.id, Lesson.module_id.in_(published)).exists(),
        select(CheckAttempt.id).where(CheckAttempt.user_id == User.id).exists())
    query = select(Assignment, User, started).join(User, Assignment.user_id == User.id).where(User.is_member)
    if team_id:
        query = query.where(User.team_id == team_id)
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    people = db.session.execute(query.order_by(User.display_name, User.id)).all()
    modules = {m.id: m for m in db.session.scalars(select(Module).where(is_published))}
    user_ids = [user.id for _, user, _ in people] or [-1]
    done: dict[int, dict[int, int]] = {}
    every: dict[int, set[int]] = {}
    for c in db.session.scalars(select(ModuleCompletion).where(ModuleCompletion.user_id.in_(user_ids))):
        every.setdefault(c.user_id, set()).add(c.module_id)
        if c.module_id in modules:
            done.setdefault(c.user_id, {})[c.module_id] = max(c.module_version, done.get(c.user_id, {}).get(c.module_id, 0))
    rows = []
    for assignment, user, has_started in people:
        mine = done.get(user.id, {})
        earlier = [f"{modules[mid].title} (v{v})" for mid, v in mine.items() if v < modules[mid].version]
        completed, total = len(mine), len(modules)
        if assignment.completed_at is not None:
            # A completed induction stays complete: modules published since are not part of it.
            state, total = "completed", completed
        elif modules and completed == len(modules):
            state = "completed"
        elif assignment.due_on < today():
            state = "overdue"
        elif completed or has_started:
            state = "in_progress"
        else:
            state = "not_started"
        rows.append(ReportRow(user, assignment, state, completed, total, earlier, frozenset(every.get(user.id, ()))))
    return [r for r in rows if not status or r.status == status]


def overdue_query():
    """SQL: the assignments `report_rows(status="overdue")` lists (for counting them in one query)."""
    published = select(func.count(Module.id)).where(Module.status == "published").scalar_subquery()
    done = (select(func.count(distinct(ModuleCompletion.module_id)))
            .join(Module, Module.id == ModuleCompletion.module_id)
            .where(ModuleCompletion.user_id == Assignment.user_id, Module.status == "published")
            .correlate(Assignment).scalar_subquery())
    return (select(Assignment.id).join(User, Assignment.user_id == User.id)
            .where(User.is_member, Assignment.completed_at.is_(None), Assignment.due_on < today(),
                   or_(published == 0, done < published)))


def completed_on(row: ReportRow) -> datetime | None:
    """When the whole induction was completed (only while it still counts as complete)."""
    return row.assignment.completed_at if row.status == "completed" else None


def safe_cell(value) -> str:
    """Stop spreadsheet formula injection: a cell starting = + - @ (or tab/CR) gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(rows: list[ReportRow]) -> str:
    """The report as CSV, with the same columns as the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        finished = completed_on(r)
        writer.writerow([safe_cell(v) for v in (
            r.user.display_name, r.user.email, r.user.organisation.name if r.user.organisation else "",
            r.user.team.name if r.user.team else "", r.status_label, r.completed, r.total, "; ".join(r.earlier),
            format_date(r.assignment.due_on), format_date(finished) if finished else "")])
    return out.getvalue()
