"""Files attached to questions, answers, meetings, practice examples, partner updates and resources."""
from flask import Blueprint

bp = Blueprint("attachments", __name__, url_prefix="/attachments", cli_group="uploads")

# Every route of the blueprint is in this module; cli holds `flask uploads check`.
from champions.attachments import views, cli  # noqa: E402,F401
# Registered with search as it loads; panels gives templates the list of a parent's files.
from champions.attachments import search, panels  # noqa: E402,F401
