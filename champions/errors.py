"""Error pages in the site layout; a 500 rolls back the session."""
from __future__ import annotations

import math
import time

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from champions.extensions import db, limiter

MESSAGES = {
    400: ("Something was wrong with that request", "The page could not use what was sent. Go back, refresh the page and try again."),
    403: ("You do not have permission to do that", "Your account cannot open this page or do this. If you think it should, ask an SDS Champion or an administrator."),
    404: ("Page not found", "If you typed the web address, check it is correct. If you followed a link, the page may have moved, or you may not have access to it."),
    405: ("That action is not allowed here", "This page cannot be used that way. Go back and use the buttons on the page."),
    413: ("That was too large to send", "What you sent was larger than the Hub accepts. Shorten it and try again."),
    429: ("Too many attempts", "You have tried this too many times in a short time."),
    500: ("Sorry, there is a problem with the service", "Something went wrong on our side. What you did may not have been saved. Try again later."),
}


def _render(code: int, detail: str = "", retry_after: str | None = None, kept=None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    response = render_template("errors/error.html", code=code, title=title, message=message,
                               detail=detail, retry_after=retry_after, kept=kept)
    return response, code


def _kept_writing() -> list[tuple[str, str]] | None:
    """What a person wrote on a form under the writing limit, to send again after the wait (never a sign-in)."""
    from champions.limits import WRITING_VIEWS

    if request.method != "POST" or current_app.view_functions.get(request.endpoint) not in WRITING_VIEWS:
        return None
    return [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, "The form had expired or was missing its security token. Go back, refresh the page and submit it again.")

    @app.errorhandler(429)
    def too_many(error):
        current = limiter.current_limit
        seconds = max(1, int(current.reset_at - time.time())) if current else 60
        minutes = max(1, math.ceil(seconds / 60))
        when = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
        response, code = _render(429, retry_after=when, kept=_kept_writing())
        return response, code, {"Retry-After": str(seconds)}

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code == 500:
            db.session.rollback()
        return _render(error.code or 500)

    @app.errorhandler(Exception)
    def unhandled(error):
        db.session.rollback()
        if app.testing and not app.config.get("RENDER_500_IN_TESTS"):
            raise error
        app.logger.exception("Unhandled error")
        return _render(500)
