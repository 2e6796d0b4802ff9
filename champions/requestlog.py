"""One log line per request, with a request id; the timing that /metrics records comes from here too.

The line names the Flask endpoint, never the path or query string (paths carry emailed tokens, feed
keys and search words), and the user's id, never their email. Nothing from a form body is logged.
LOG_FORMAT=json writes each line as one JSON object (for a log collector); the default is key=value text.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, current_app, g, has_request_context, request

log = logging.getLogger("champions.requests")
REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only when it is short and plain (nginx's $request_id is 32 hex digits); anything
# else could forge or break log lines, so it is replaced by a fresh one.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_ENVIRON_KEY = "hub.request_id"
# Methods that are their own label; anything else is "other" (any word can be sent as a method).
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def request_id() -> str:
    """The current request's id ("-" outside a request)."""
    if not has_request_context():
        return "-"
    # Kept in the request's own environ, not on `g`: `g` belongs to the app context, which a caller holding
    # one open (a script, a test) shares between requests, and each request needs its own id.
    found = request.environ.get(_ENVIRON_KEY)
    if found is None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        found = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.environ[_ENVIRON_KEY] = found
    return found


def endpoint_label() -> str:
    """The Flask endpoint that answered ("unmatched" for a URL no route knows): a bounded set of values."""
    return request.endpoint or "unmatched"


def method_label() -> str:
    return request.method if request.method in KNOWN_METHODS else "other"


class TextFormatter(logging.Formatter):
    """`time level logger message` with the request's fields as key=value pairs."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "hub", None)
        line = f"{self.formatTime(record)} {record.levelname} {record.name} "
        if fields:
            line += " ".join(f"{key}={value}" for key, value in fields.items())
        else:
            line += f"request_id={getattr(record, 'request_id', '-')} {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name}
        fields = getattr(record, "hub", None)
        if fields:
            data.update(fields)
        else:
            data["request_id"] = getattr(record, "request_id", "-")
            data["message"] = record.getMessage()
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    """Stamp every record with the request id, so an error's traceback can be matched to its request line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


def formatter_for(log_format: str) -> logging.Formatter:
    """The formatter LOG_FORMAT names."""
    return JsonFormatter() if log_format == "json" else TextFormatter()


def _configure_logging(app: Flask) -> None:
    """One stderr handler for the request log and the app's own log (systemd's journal keeps stderr)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter_for(app.config.get("LOG_FORMAT", "text")))
    handler.addFilter(RequestIdFilter())
    handler.set_name("hub")
    for logger in (log, app.logger):
        if not any(h.get_name() == "hub" for h in logger.handlers):
            logger.addHandler(handler)
    log.setLevel(logging.INFO)
    # Written once, by this handler: not again by a root handler (`flask worker` sets one up for other libraries).
    log.propagate = False
    app.logger.propagate = False
    # Flask's default handler would print the same errors a second time, unformatted.
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)


def _user_id() -> int | None:
    # Flask-Login caches the user it loaded in g; never load one just to write the log line.
    user = g.get("_login_user")
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


def init_app(app: Flask) -> None:
    """Time every request, give it an id (echoed in X-Request-ID), log one line and feed /metrics."""
    if not app.testing:
        _configure_logging(app)

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        request_id()

    @app.after_request
    def log_request(response):
        seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
        response.headers[REQUEST_ID_HEADER] = request_id()
        endpoint = endpoint_label()
        fields = {"request_id": request_id(), "method": method_label(), "endpoint": endpoint,
                  "status": response.status_code, "duration_ms": round(seconds * 1000, 1), "user_id": _user_id()}
        log.info("request", extra={"hub": fields})
        metrics = current_app.extensions.get("hub_metrics")
        if metrics is not None:
            metrics.observe_request(endpoint, method_label(), response.status_code, seconds)
        return response
