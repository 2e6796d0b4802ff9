"""Home page panels: 'Continue your induction' for learners, overdue count for champions."""
from __future__ import annotations

from champions import permissions
from champions.induction import progress
from champions.main.panels import Panel, home_panel
from champions.people.needs import count_of, home_count, home_counts


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


@home_count("inductions_overdue")
def _overdue_count(user):
    from champions.induction.report import overdue_query

    return count_of(overdue_query()) if permissions.can(user, "induction.report") else None


@home_panel(order=16)
def overdue_inductions(user):
    """For champions: how many inductions are overdue, linking to the report."""
    if not permissions.can(user, "induction.report"):
        return None
    overdue = home_counts(user)["inductions_overdue"]
    return Panel("induction/_overdue_panel.html", {"overdue": overdue}) if overdue else None
