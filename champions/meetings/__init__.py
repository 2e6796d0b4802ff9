"""Monthly SDS Champions' meetings."""
from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

# Every route of the blueprint is in one of these modules.
from champions.meetings import views, views_agenda, views_actions  # noqa: E402,F401
# Registered with search and the home page as they load.
from champions.meetings import panels, search  # noqa: E402,F401
from champions.meetings import reminders  # noqa: E402,F401  (flask meetings remind-actions)
