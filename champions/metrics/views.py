"""GET /metrics: Prometheus text format, for the bearer token or the allowed addresses only."""
from __future__ import annotations

from flask import Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from champions import permissions
from champions.extensions import limiter
from champions.metrics import bp


def _presented_token() -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _client_address() -> str | None:
    """The client's address, or None when a proxy the Hub does not trust (TRUSTED_PROXY_COUNT=0) forwarded the
    request: then every caller looks like the proxy (127.0.0.1) and the allow-list would let anyone in."""
    if not current_app.config.get("TRUSTED_PROXY_COUNT") and "X-Forwarded-For" in request.headers:
        return None
    return request.remote_addr


@bp.get("/metrics")
@limiter.exempt
def metrics():
    """The counters and gauges; a 404 for anyone else, as for any page they may not see."""
    config = current_app.config
    if not permissions.may_read_metrics(config.get("METRICS_TOKEN", ""), config.get("METRICS_ALLOW", []),
                                        _presented_token(), _client_address()):
        abort(404)
    registry = current_app.extensions["hub_metrics"].scrape_registry()
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})
