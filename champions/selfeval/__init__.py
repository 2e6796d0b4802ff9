"""Self-evaluation against the SDS standards: where a team stands, the evidence, and what it will improve."""
from flask import Blueprint

bp = Blueprint("selfeval", __name__, url_prefix="/self-evaluation")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_standard", "views_evidence", "views_summary", "actions", "search")
# Registered with the actions tracker and search as they load.
