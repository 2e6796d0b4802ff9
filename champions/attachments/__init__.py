"""Files attached to questions, answers, meetings, practice examples, partner updates and resources."""
from flask import Blueprint

bp = Blueprint("attachments", __name__, url_prefix="/attachments", cli_group="uploads")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "cli", "search", "panels")
# Registered with search as it loads; panels gives templates the list of a parent's files.
