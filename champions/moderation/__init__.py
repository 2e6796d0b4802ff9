"""The moderation queue."""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_held")
