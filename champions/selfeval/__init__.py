"""Self-evaluation against the SDS standards: where a team stands, the evidence, and what it will improve."""
from flask import Blueprint

bp = Blueprint("selfeval", __name__, url_prefix="/self-evaluation")

# Every route of the blueprint is in one of these modules.
from champions.selfeval import views, views_standard, views_evidence, views_summary  # noqa: E402,F401
# Registered with the actions tracker and search as they load.
from champions.selfeval import actions, search  # noqa: E402,F401
