"""Expected answers for the notifications blueprint."""
from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from champions.notifications import preferences
from tests.factories_notifications import notification

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
SIGNED_IN_REDIRECT = {"anonymous": 302, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}


def cases(app):
    champion = db.session.scalars(select(User).where(User.role == "champion").order_by(User.id)).first()
    item = notification(champion, visibility="champions")
    db.session.commit()
    # Only the champion's own notification can be marked read; everyone else is told it does not exist.
    own_only = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 302, "admin": 404}
    token = preferences.unsubscribe_token(champion, "new_answer")
    everyone = {"anonymous": 200, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
    return [
        # An empty POST keeps every choice as it is.
        ("notifications.settings_kinds", "POST", "/notifications/settings/kinds", SIGNED_IN_REDIRECT),
        # The signed link works signed out (it is in an email); a forged one is not found.
        ("notifications.unsubscribe", "GET", f"/notifications/unsubscribe/{token}", everyone),
        ("notifications.unsubscribe_confirm", "POST", f"/notifications/unsubscribe/{token}", everyone),
        ("notifications.index", "GET", "/notifications/", SIGNED_IN),
        ("notifications.mark_read", "POST", f"/notifications/{item.id}/read", own_only),
        ("notifications.mark_all_read", "POST", "/notifications/read-all", SIGNED_IN_REDIRECT),
        ("notifications.settings", "GET", "/notifications/settings", SIGNED_IN),
        # An empty POST re-shows the form with its error.
        ("notifications.settings", "POST", "/notifications/settings", SIGNED_IN),
    ]
