"""The home page, the accessibility statement and the health check."""
from flask import Blueprint

bp = Blueprint("main", __name__)


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views",)
