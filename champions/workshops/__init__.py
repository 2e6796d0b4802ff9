"""Whole-systems workshops: team, team managers' and senior managers' exercises, and "you said, we did"."""
from flask import Blueprint

bp = Blueprint("workshops", __name__, url_prefix="/workshops")

# Every route of the blueprint is in one of these modules.
from champions.workshops import views, views_board, views_items  # noqa: E402,F401
# Registered with search, the actions tracker and the command line as they load.
from champions.workshops import actions, cli, search  # noqa: E402,F401
