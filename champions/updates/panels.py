"""Home page panel: the latest partner updates, pinned first."""
from __future__ import annotations

from champions import permissions
from champions.extensions import db
from champions.main.panels import Panel, home_panel
from champions.updates import service


@home_panel(order=60)
def latest_updates_panel(user):
    """Everyone signed in: the three latest updates (pinned first)."""
    if not permissions.can(user, "updates.view"):
        return None
    updates = db.session.scalars(service.list_query(user).where(permissions.UPDATE.open_clause()).limit(3)).all()
    return Panel("updates/_home_panel.html", {"updates": updates})
