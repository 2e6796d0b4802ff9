"""Content that stays accurate: when answers were last checked, the review queue, and out-of-date warnings."""
from flask import Blueprint

bp = Blueprint("accuracy", __name__, url_prefix="/accuracy")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views",)
