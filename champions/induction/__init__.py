"""Induction for new staff."""
from flask import Blueprint

bp = Blueprint("induction", __name__, url_prefix="/induction")

# Every route of the blueprint is in one of these modules.
from champions.induction import views, views_manage, views_report  # noqa: E402,F401
# Registered with search, the home page and the command line as they load.
from champions.induction import panels, search, cli  # noqa: E402,F401
