"""Sign-in, registration, invitations, password reset and the profile page."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

# Every route of the blueprint is in one of these modules.
from champions.auth import (views, views_invitations, views_oidc, views_passkeys, views_profile,  # noqa: E402,F401
                            views_registration, views_reset, views_security, views_two_step)
