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


# Every route of the blueprint is in one of these modules.
from champions.admin import views, views_contacts, views_invitations, views_organisations, views_users  # noqa: E402,F401
# The audit log's template filters.
from champions.admin import labels  # noqa: E402,F401
