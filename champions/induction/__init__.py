"""Induction for new staff."""
from flask import Blueprint

bp = Blueprint("induction", __name__, url_prefix="/induction")

from champions.induction import views  # noqa: E402,F401
