"""Insights for champions and admins: the network at a glance, each figure as a chart, a table and a CSV."""
import importlib

from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/insights")

# Every route of the blueprint is in this module; the built-in figures register themselves as they load.
from champions.insights import views  # noqa: E402,F401
from champions.insights import figures, search_misses  # noqa: E402,F401

# Figures a feature keeps in its own package (champions/<feature>/insight.py, each calling panels.register).
# Loaded from here, not from the feature's __init__: other packages import a feature's package early, and
# importing insights from there would pull every model insights counts into the middle (an import cycle).
# (Search's own figure is champions/insights/search_misses.py: search imports no feature.)
FEATURE_FIGURES = ("champions.workshops.insight", "champions.selfeval.insight")
for _name in FEATURE_FIGURES:
    importlib.import_module(_name)
