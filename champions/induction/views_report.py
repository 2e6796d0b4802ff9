"""The induction report pages: each assigned person's progress, on screen and as a CSV download."""
from __future__ import annotations

from datetime import date

from flask import Response, render_template, request
from flask_login import login_required
from sqlalchemy import select

from champions import params, permissions
from champions.auth.models import Organisation, Team
from champions.extensions import db
from champions.induction import bp
from champions.induction.report import REPORT_STATUSES, completed_on, csv_text, report_rows


def _filters() -> dict:
    status = request.args.get("status", "")
    return {"team_id": params.int_arg("team"), "organisation_id": params.int_arg("organisation"),
            "status": status if status in REPORT_STATUSES else ""}


@bp.get("/report")
@login_required
def report():
    """Each assigned person's progress by team and organisation, with filters."""
    permissions.require("induction.report")
    filters = _filters()
    rows = report_rows(**filters)
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("induction/report.html", rows=rows, filters=filters, teams=teams,
                           organisations=organisations, statuses=REPORT_STATUSES, completed_on=completed_on)


@bp.get("/report.csv")
@login_required
def report_csv():
    """The same report as a CSV download."""
    permissions.require("induction.report")
    body = csv_text(report_rows(**_filters()))
    filename = f"induction-report-{date.today().isoformat()}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
