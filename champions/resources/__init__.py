"""The resources library: guidance, templates, leaflets and tools, with their files."""
from flask import Blueprint

bp = Blueprint("resources", __name__, url_prefix="/resources")

# Every route of the blueprint is in one of these modules.
from champions.resources import views, views_review  # noqa: E402,F401
# Registered with search and the home page as they load.
from champions.resources import search, panels  # noqa: E402,F401
