"""Security headers, the session loader and proxy settings."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Request, current_app, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

from champions.extensions import login_manager
from champions.params import MAX_INT

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])


def content_security_policy(config) -> str:
    """The CSP; with single sign-on, sign-out's form may also redirect to the provider (RP-initiated logout)."""
    issuer = config.get("OIDC_ISSUER") or ""
    if not issuer:
        return CSP
    parts = urlsplit(issuer)
    return CSP.replace("form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}")


class NulFreeMultiDict(ImmutableMultiDict):
    """Form fields and query arguments with NUL characters dropped: PostgreSQL cannot store them, and no
    person types one, so every form treats the rest of what was sent as usual instead of failing with a 500."""

    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True) if mapping is not None else ()
        super().__init__([(key.replace("\x00", ""), value.replace("\x00", "") if isinstance(value, str) else value)
                          for key, value in pairs])


# Blueprints whose forms take a file: their requests may carry one of the largest size (UPLOAD_MAX_MB).
UPLOAD_BLUEPRINTS = ("attachments", "resources")


class HubRequest(Request):
    """The app's request: parameters without NUL characters; a larger size limit where a form takes a file."""

    parameter_storage_class = NulFreeMultiDict

    @property
    def max_content_length(self) -> int | None:
        """MAX_CONTENT_LENGTH, except on routes that take a file: up to twice UPLOAD_MAX_MB, so that a file a
        little too large gets a clear message on its form rather than the "too large" page."""
        if self._max_content_length is None and current_app and self.blueprint in UPLOAD_BLUEPRINTS:
            return int(2 * float(current_app.config.get("UPLOAD_MAX_MB", 20)) * 1024 * 1024) + 1024 * 1024
        return Request.max_content_length.fget(self)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number larger than any id column holds is a 404, not a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002 (Werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


@login_manager.user_loader
def load_user(session_token: str):
    """Load the user behind a server-side session token; ended or timed-out sessions sign out."""
    from champions.auth import sessions

    return sessions.load(session_token)


def init_app(app: Flask) -> None:
    """Attach the headers to every response, clean incoming parameters and configure sign-in redirects."""
    app.request_class = HubRequest
    app.url_map.converters["int"] = IdConverter
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @app.before_request
    def load_user_first():
        # Load the signed-in user before any view writes: the session's last-seen time is committed then.
        if request.endpoint != "static":
            current_user.is_authenticated  # noqa: B018 - the access is what loads the user

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy(app.config))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static" and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        return response
