"""In-app notifications and email preferences."""
from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from champions.notifications import views  # noqa: E402,F401
