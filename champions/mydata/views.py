"""Your data: what the Hub holds, and a download of all of it."""
from __future__ import annotations

from flask import Response, render_template
from flask_login import current_user, login_required

from champions import audit, permissions
from champions.extensions import db
from champions.mydata import bp
from champions.mydata.export import build_zip
from champions.mydata.retention import periods
from champions.timeutil import to_local, utcnow


@bp.get("/")
@login_required
def index():
    """What the Hub holds about you, and the download button."""
    permissions.require("mydata.export")
    return render_template("mydata/index.html")


@bp.app_template_global("retention_periods")
def retention_periods() -> list[tuple[str, str]]:
    """What is kept how long, for the admin page."""
    return periods()


@bp.get("/privacy")
def privacy_notice():
    """The privacy notice: what the Hub holds, your rights, and how long things are kept."""
    return render_template("mydata/privacy.html", periods=periods())


@bp.post("/download")
@login_required
def download():
    """A zip of everything the Hub holds about you (a POST: it is recorded in the audit log)."""
    permissions.require("mydata.export")
    body = build_zip(current_user)
    audit.record(current_user, "user.data_exported", current_user, summary="Downloaded their data")
    db.session.commit()
    name = f"my-sds-hub-data-{to_local(utcnow()).date().isoformat()}.zip"
    return Response(body, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
