"""Organisation pages: partner organisations, their contact details and their updates."""
from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

# Every route of the blueprint is in this module.
from champions.organisations import views  # noqa: E402,F401
