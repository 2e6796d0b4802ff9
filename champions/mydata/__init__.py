"""People's rights over their data: download everything the Hub holds about you."""
from flask import Blueprint

bp = Blueprint("mydata", __name__, url_prefix="/my-data")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_erase", "cli")
# The retention command registers itself on the blueprint's command group.
