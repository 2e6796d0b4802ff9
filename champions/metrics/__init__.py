"""/metrics for Prometheus: request latency and errors by endpoint, sign-in failures, queues and the worker."""
from flask import Blueprint

bp = Blueprint("metrics", __name__)


@bp.record_once
def _attach(state) -> None:
    from champions.metrics.collectors import HubMetrics

    state.app.extensions["hub_metrics"] = HubMetrics()


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views",)
