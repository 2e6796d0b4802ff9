"""Monthly SDS Champions' meetings."""
from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

from champions.meetings import views  # noqa: E402,F401
