"""Sign-in, registration, invitations, password reset and the profile page."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from champions.auth import views, registration, reset, invitations, profile  # noqa: E402,F401
