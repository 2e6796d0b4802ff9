"""Content that stays accurate: when answers were last checked, the review queue, and out-of-date warnings."""
from flask import Blueprint

bp = Blueprint("accuracy", __name__, url_prefix="/accuracy")

# Every route of the blueprint is in this module.
from champions.accuracy import views  # noqa: E402,F401
