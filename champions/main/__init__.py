"""The home page, the accessibility statement and the health check."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from champions.main import views  # noqa: E402,F401
