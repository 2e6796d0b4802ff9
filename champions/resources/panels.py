"""Home page panel for champions: resources awaiting review and due for review."""
from __future__ import annotations

from champions import permissions
from champions.main.panels import Panel, home_panel
from champions.people.needs import count_of, home_count, home_counts
from champions.resources import queries


@home_count("resources_awaiting")
def _awaiting_count(user):
    return count_of(queries.review_query()) if permissions.can(user, "resource.review") else None


@home_count("resources_due")
def _due_count(user):
    return count_of(queries.due_for_review_query()) if permissions.can(user, "resource.review") else None


@home_panel(order=41)
def resources_review_panel(user):
    """Champions: how many resources await review and how many are due for review."""
    if not permissions.can(user, "resource.review"):
        return None
    found = home_counts(user)
    return Panel("resources/_home_panel.html", {"awaiting": found["resources_awaiting"], "due": found["resources_due"]})
