"""In-app notifications and email preferences."""
from flask import Blueprint, has_request_context, request

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
# The header's unread count, worked out once per request while marking the page's notifications read.
UNREAD_KEY = "hub.unread_notifications"


@bp.app_context_processor
def inject_unread_notifications():
    """Give every template `unread_notifications()` for the header count (queried only when called)."""
    from flask_login import current_user

    from champions.notifications.service import unread_count

    def unread():
        counted = request.environ.get(UNREAD_KEY) if has_request_context() else None
        return unread_count(current_user) if counted is None else counted

    return {"unread_notifications": unread}


@bp.before_app_request
def mark_read_on_visit():
    """A signed-in person opening a page their notification links to has seen it: mark it read.

    Before the view, so the header count on that very page is already right. Only notifications the
    person may still see are touched (the same rule as "mark all as read").
    """
    from flask_login import current_user

    from champions.notifications.service import unread_on_visit

    if request.method == "GET" and request.endpoint not in (None, "static") \
            and not request.endpoint.startswith("notifications.") and current_user.is_authenticated:
        # The header needs the count anyway: one query gives it and the page's own unread ones.
        request.environ[UNREAD_KEY] = unread_on_visit(current_user, request.path)


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "digest")
