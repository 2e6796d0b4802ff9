"""Home page panels: 'Continue your induction' for learners, overdue count for champions."""
from __future__ import annotations

from sqlalchemy import select

from champions import permissions
from champions.extensions import db
from champions.induction import progress
from champions.induction.models import Assignment
from champions.main.panels import Panel, home_panel


@home_panel(order=15)
def continue_induction(user):
    """Progress and a Continue button until the person's induction is done."""
    if not permissions.can(user, "induction.view"):
        return None
    view = progress.page_overview(user)
    if user.role not in progress.STAFF_ROLES or view.assignment is None or view.assignment.completed_at is not None:
        return None
    if view.total == 0 or view.all_complete:
        return None
    state = view.next_state
    return Panel("induction/_home_panel.html", {
        "view": view, "state": state, "continue_to": progress.continue_url(user, state.module, state)})


@home_panel(order=16)
def overdue_inductions(user):
    """For champions: how many inductions are overdue, linking to the report."""
    if not permissions.can(user, "induction.report"):
        return None
    from champions.induction.report import report_rows

    candidates = db.session.scalar(select(Assignment.id).where(
        Assignment.completed_at.is_(None), Assignment.due_on < progress.today()).limit(1))
    overdue = len(report_rows(status="overdue")) if candidates else 0
    return Panel("induction/_overdue_panel.html", {"overdue": overdue}) if overdue else None
