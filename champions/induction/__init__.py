"""Induction for new staff."""
from flask import Blueprint

bp = Blueprint("induction", __name__, url_prefix="/induction")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_manage", "views_report", "panels", "search", "cli")
# Registered with search, the home page and the command line as they load.
