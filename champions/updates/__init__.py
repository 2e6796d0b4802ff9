"""Partner organisation updates, the Atom feed and the weekly digest."""
from flask import Blueprint

bp = Blueprint("updates", __name__, url_prefix="/updates")

# Every route of the blueprint is in one of these modules.
from champions.updates import views, views_feed  # noqa: E402,F401
# Registered with search, the home page and the command line as they load.
from champions.updates import search, panels, digest  # noqa: E402,F401
