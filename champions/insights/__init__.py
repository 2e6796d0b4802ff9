"""Insights for champions and admins: the network at a glance, each figure as a chart, a table and a CSV."""
import importlib

from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/insights")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "figures", "search_misses")

# Figures a feature keeps in its own package (champions/<feature>/insight.py, each calling panels.register).
# Loaded from here, not from the feature's __init__: other packages import a feature's package early, and
# importing insights from there would pull every model insights counts into the middle (an import cycle).
# (Search's own figure is champions/insights/search_misses.py: search imports no feature.)
FEATURE_FIGURES = ("champions.workshops.insight", "champions.selfeval.insight")
for _name in FEATURE_FIGURES:
    importlib.import_module(_name)
