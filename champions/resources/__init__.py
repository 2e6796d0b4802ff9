"""The resources library: guidance, templates, leaflets and tools, with their files."""
from flask import Blueprint

bp = Blueprint("resources", __name__, url_prefix="/resources")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_review", "search", "panels")
# Registered with search and the home page as they load.
