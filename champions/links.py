"""Full addresses for links that leave the Hub (email, feeds, calendar files)."""
from __future__ import annotations

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """SERVER_BASE_URL and the endpoint's path: never the request's Host header, which the sender chooses."""
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + url_for(endpoint, **values)
