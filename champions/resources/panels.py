"""Home page panel for champions: resources awaiting review and due for review."""
from __future__ import annotations

from champions import permissions
from champions.main.panels import Panel, home_panel
from champions.resources import queries


@home_panel(order=41)
def resources_review_panel(user):
    """Champions: how many resources await review and how many are due for review."""
    if not permissions.can(user, "resource.review"):
        return None
    return Panel("resources/_home_panel.html", {"awaiting": queries.count(queries.review_query()),
                                                  "due": queries.count(queries.due_for_review_query())})
