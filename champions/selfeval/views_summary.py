"""Summaries: the partnership view, change over time for one team, and the CSV export."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request
from flask_login import current_user, login_required

from champions import permissions
from champions.selfeval import bp, service, summary
from champions.selfeval.models import rating_label


@bp.get("/partnership")
@login_required
def partnership():
    """Teams by standards: the latest agreed rating in each cell (number and word), its date, thin evidence."""
    permissions.require("selfeval.summary")
    rows = summary.latest_by_scope(current_user)
    # The standards rated, in `service.standards()` order (newest edition first, then number), from the tags
    # loaded with the evaluations rather than a query of all the standards.
    used = {s.tag.id: s.tag for e in rows for s in e.standards if s.tag is not None and s.tag.kind == "standard"}
    columns = sorted(sorted(used.values(), key=lambda t: (t.sort_order, t.name)), key=lambda t: t.edition, reverse=True)
    cells = {(e.id, s.tag_id): s for e in rows for s in e.standards}
    return render_template("selfeval/partnership.html", rows=rows, columns=columns, cells=cells,
                           without_examples=summary.standards_without_examples(), thin=summary.thin)


@bp.get("/change")
@login_required
def change():
    """Change over time for one team (or group, or the partnership): a chart with its data table, and a table."""
    permissions.require("selfeval.view")
    key = (request.args.get("scope") or "")[:200]
    snapshots = summary.published_for(current_user, key)
    if not snapshots:
        abort(404)
    return render_template("selfeval/change.html", snapshots=snapshots, chart=summary.change_chart(snapshots),
                           scope_key=key, change_text=service.change_text,
                           rating_label=rating_label)


@bp.get("/export.csv")
@login_required
def export_csv():
    """Ratings, evidence links and actions of every evaluation this person may read, as CSV."""
    permissions.require("selfeval.summary")
    evaluations = summary.readable(current_user)
    filename = f"self-evaluations-{date.today().isoformat()}.csv"
    return Response(summary.csv_text(current_user, evaluations), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
