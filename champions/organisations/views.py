"""Organisation pages (/organisations/): partner organisations, their contact details and their updates."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from champions import params, permissions
from champions.auth.models import Organisation
from champions.extensions import db
from champions.organisations import bp
from champions.updates import service


@bp.get("/")
@login_required
def index():
    """The partner organisations that share updates with staff."""
    permissions.require("organisations.view")
    return render_template("organisations/index.html", organisations=service.partner_organisations())


@bp.get("/<int:org_id>")
@login_required
def detail(org_id: int):
    """An organisation's description, contact details and latest updates."""
    organisation = db.session.get(Organisation, org_id)
    if organisation is None or not permissions.can(current_user, "organisations.view", organisation):
        abort(404)
    page = params.paginate(service.list_query(current_user, organisation_id=organisation.id), 20)
    return render_template("organisations/detail.html", organisation=organisation, page=page)
