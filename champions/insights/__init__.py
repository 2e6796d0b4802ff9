"""Insights for champions and admins: the network at a glance, each figure as a chart, a table and a CSV."""
from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/insights")

# Every route of the blueprint is in this module; the built-in figures register themselves as they load.
from champions.insights import views  # noqa: E402,F401
from champions.insights import figures  # noqa: E402,F401
