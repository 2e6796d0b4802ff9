"""Outgoing email that is never lost: queued in the database, sent by `flask outbox send`."""
from flask import Blueprint

bp = Blueprint("outbox", __name__)

from champions.outbox.models import OutboxMessage, queue_email  # noqa: E402,F401


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("cli",)
from champions.outbox.sender import deliver_after_request  # noqa: E402

# In demo mode (no MAIL_SERVER), mail queued by a request is written out as the request ends.
bp.after_app_request(deliver_after_request)
