"""Questions and answers."""
from flask import Blueprint

bp = Blueprint("questions", __name__, url_prefix="/questions")

# Every route of the blueprint is in one of these modules.
from champions.questions import views, views_actions, views_editing, views_tags  # noqa: E402,F401
# Registered with search and the home page as they load.
from champions.questions import search, panels  # noqa: E402,F401
