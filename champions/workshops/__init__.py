"""Whole-systems workshops: team, team managers' and senior managers' exercises, and "you said, we did"."""
from flask import Blueprint

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_board", "views_items", "actions", "cli", "search")
# Registered with search, the actions tracker and the command line as they load.
