"""The moderation queue."""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

# Every route of the blueprint is in one of these modules.
from champions.moderation import views, views_held  # noqa: E402,F401
