"""Monthly SDS Champions' meetings."""
from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

from champions.meetings import views, agenda_views, action_views, panels, search  # noqa: E402,F401
