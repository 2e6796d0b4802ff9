"""Induction for new staff."""
from flask import Blueprint

bp = Blueprint("induction", __name__, url_prefix="/induction")

from champions.induction import views, panels, search, cli  # noqa: E402,F401
