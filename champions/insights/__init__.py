"""Insights for champions and admins: the network at a glance, each figure as a chart, a table and a CSV."""
import importlib

from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/insights")

# Every route of the blueprint is in this module; the built-in figures register themselves as they load.
from champions.insights import views  # noqa: E402,F401
from champions.insights import figures  # noqa: E402,F401

# Figures a feature keeps in its own package (champions/<feature>/insight.py, each calling panels.register).
# Loaded from here, not from the feature's __init__: a feature that others import early (search) would
# otherwise pull the insights package, and every model it counts, into the middle of their imports.
FEATURE_FIGURES = ("champions.search.insight", "champions.workshops.insight", "champions.selfeval.insight")
for _name in FEATURE_FIGURES:
    importlib.import_module(_name)
