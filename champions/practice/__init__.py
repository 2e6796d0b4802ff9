"""Shared practice examples."""
from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/practice")

from champions.practice import views, search, panels  # noqa: E402,F401
