"""Sign-in, registration, invitations, password reset and the profile page."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_invitations", "views_oidc", "views_passkeys", "views_profile", "views_registration", "views_reset", "views_security", "views_two_step")
