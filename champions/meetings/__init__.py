"""Monthly SDS Champions' meetings."""
from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_agenda", "views_actions", "panels", "search", "reminders")
# Registered with search and the home page as they load.
