"""Partner organisation updates."""
from flask import Blueprint

bp = Blueprint("updates", __name__, url_prefix="/updates")

from champions.updates import views  # noqa: E402,F401
