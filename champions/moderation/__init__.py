"""The moderation queue."""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

from champions.moderation import held_views, views  # noqa: E402,F401
