"""Partner organisation updates, organisation pages, the Atom feed and the weekly digest."""
from flask import Blueprint

bp = Blueprint("updates", __name__, url_prefix="/updates")

from champions.updates import views, search, panels, digest  # noqa: E402,F401
from champions.updates.organisations import organisations_bp  # noqa: E402


@bp.record_once
def _register_organisations(state) -> None:
    """create_app registers only `bp`: bring the /organisations pages along with it."""
    state.app.register_blueprint(organisations_bp)
