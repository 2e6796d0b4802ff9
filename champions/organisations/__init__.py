"""Organisation pages: partner organisations, their contact details and their updates."""
from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views",)
