"""Partner organisation updates, the Atom feed and the weekly digest."""
from flask import Blueprint

bp = Blueprint("updates", __name__, url_prefix="/updates")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_feed", "search", "panels", "digest")
# Registered with search, the home page and the command line as they load.
