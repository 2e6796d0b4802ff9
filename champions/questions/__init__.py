"""Questions and answers."""
from flask import Blueprint

bp = Blueprint("questions", __name__, url_prefix="/questions")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_actions", "views_editing", "views_tags", "search", "panels")
# Registered with search and the home page as they load.
