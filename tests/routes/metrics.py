"""Expected answers for the metrics blueprint: without METRICS_TOKEN or METRICS_ALLOW nobody reads /metrics,
whatever their role (tests/metrics/ covers the token and the allowed addresses)."""

NOBODY = {"anonymous": 404, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}


def cases(app):
    return [("metrics.metrics", "GET", "/metrics", NOBODY)]
