"""In-app notifications and email preferences."""
from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def inject_unread_notifications():
    """Give every template `unread_notifications()` for the header count (queried only when called)."""
    from flask_login import current_user

    from champions.notifications.service import unread_count

    return {"unread_notifications": lambda: unread_count(current_user)}


from champions.notifications import views  # noqa: E402,F401
from champions.notifications import digest  # noqa: E402,F401
