"""Links: full addresses for links that leave the Hub (email, feeds, calendar files), and safe "go back to" paths."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """SERVER_BASE_URL and the endpoint's path: never the request's Host header, which the sender chooses."""
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths: no scheme, no host, no '//' or backslash tricks, no control characters."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
