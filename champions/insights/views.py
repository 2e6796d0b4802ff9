"""The insights page and a CSV for each of its tables."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template, request
from flask_login import login_required

from champions import params, permissions
from champions.induction.report import safe_cell
from champions.insights import bp, panels
from champions.insights.figures import default_period, teams
from champions.insights.forms import FilterForm
from champions.insights.panels import Filters


def _filters(all_teams) -> tuple[FilterForm, Filters]:
    """The filter form read from the query string, and the filters it gives (defaults where it is wrong)."""
    form = FilterForm(request.args)
    form.team.choices = [("", "All teams")] + [(str(t.id), f"{t.name} ({t.organisation.name})") for t in all_teams]
    start, end = default_period()
    team_id = params.int_arg("team")
    if team_id not in {t.id for t in all_teams}:
        team_id = None
    if request.args and form.validate():
        start, end = form.start.data or start, form.end.data or end
        if form.start.data and not form.end.data and start > end:
            end = start
    return form, Filters(start, end, team_id)


@bp.get("/")
@login_required
def index():
    """Every registered figure for the period and team: a chart, its table and a CSV link."""
    permissions.require("insights.view")
    all_teams = teams()
    form, filters = _filters(all_teams)
    figures = [(p, p.compute(filters)) for p in panels.all_panels()]
    return render_template("insights/index.html", form=form, filters=filters, figures=figures)


@bp.get("/<key>.csv")
@login_required
def table_csv(key: str):
    """One figure's table as a CSV, for the same period and team."""
    permissions.require("insights.view")
    panel = panels.get(key)
    if panel is None:
        abort(404)
    _, filters = _filters(teams())
    figure = panel.compute(filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(figure.columns)
    for row in figure.rows:
        writer.writerow([safe_cell(v) for v in row])
    filename = f"insights-{key}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
