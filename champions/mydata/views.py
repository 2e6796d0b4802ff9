"""Your data: what the Hub holds, and a download of all of it."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from champions import audit, permissions
from champions.extensions import db
from champions.mydata import bp, exports
from champions.mydata.export import build_zip
from champions.mydata.models import DataExport
from champions.mydata.retention import periods
from champions.timeutil import to_local, utcnow


@bp.get("/")
@login_required
def index():
    """What the Hub holds about you, and the download button."""
    permissions.require("mydata.export")
    return render_template("mydata/index.html", export=exports.latest_for(current_user), now=utcnow())


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
    """A zip of everything the Hub holds about you (a POST: it is recorded in the audit log); a large
    account's zip is prepared by the background worker instead, and the person is emailed."""
    permissions.require("mydata.export")
    if exports.too_large_for_a_request(current_user):
        exports.request_export(current_user)
        audit.record(current_user, "user.data_export_requested", current_user, summary="Asked for a copy of their data")
        db.session.commit()
        flash("We are preparing your download. We will email you when it is ready, usually within a few minutes.",
              "success")
        return redirect(url_for("mydata.index"))
    body = build_zip(current_user)
    audit.record(current_user, "user.data_exported", current_user, summary="Downloaded their data")
    db.session.commit()
    return _zip(body, utcnow())


@bp.post("/download/<int:export_id>")
@login_required
def prepared_download(export_id: int):
    """A download the worker prepared: only its owner, only until it expires (a POST: it is recorded in the audit
    log)."""
    export = permissions.get_or_404(DataExport, export_id, "mydata.fetch_export")
    if export.status != "ready" or export.expires_at <= utcnow():
        flash("That download has expired. Ask for a new copy of your data below.", "info")
        return redirect(url_for("mydata.index"))
    audit.record(current_user, "user.data_exported", current_user, summary="Downloaded their data")
    db.session.commit()
    return _zip(export.content, export.ready_at)


def _zip(body: bytes, made) -> Response:
    name = f"my-sds-hub-data-{to_local(made).date().isoformat()}.zip"
    return Response(body, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
