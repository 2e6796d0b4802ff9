"""/metrics for Prometheus: request latency and errors by endpoint, sign-in failures, queues and the worker."""
from flask import Blueprint

bp = Blueprint("metrics", __name__)


@bp.record_once
def _attach(state) -> None:
    from champions.metrics.collectors import HubMetrics

    state.app.extensions["hub_metrics"] = HubMetrics()


from champions.metrics import views  # noqa: E402,F401
