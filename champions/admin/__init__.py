"""Administration: users, organisations, invitations and the audit log (admins only)."""
from flask import Blueprint, abort
from flask_login import current_user

from champions import permissions

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    """Gate the whole blueprint once: signed-out people sign in, others get 403."""
    if not current_user.is_authenticated:
        from champions.extensions import login_manager

        return login_manager.unauthorized()
    if not permissions.can(current_user, "admin.access"):
        abort(403)


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_contacts", "views_invitations", "views_organisations", "views_users",
           "labels")  # labels: the audit log's template filters
