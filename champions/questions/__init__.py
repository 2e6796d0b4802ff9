"""Questions and answers."""
from flask import Blueprint

bp = Blueprint("questions", __name__, url_prefix="/questions")

from champions.questions import views, actions, editing, tags, search, panels  # noqa: E402,F401
