"""Shared practice examples."""
from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/practice")

# Every route of the blueprint is in one of these modules.
from champions.practice import views, views_review  # noqa: E402,F401
# Registered with search and the home page as they load.
from champions.practice import search, panels  # noqa: E402,F401
