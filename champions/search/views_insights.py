"""Champions' search pages: SDS synonyms, and what colleagues searched for and did not find; opening a result."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from champions import permissions
from champions.extensions import db
from champions.links import is_safe_next
from champions.search import bp, synonyms, unfound
from champions.search.common import clean_query
from champions.search.forms import SynonymForm
from champions.search.models import SearchSynonym


@bp.route("/synonyms", methods=["GET", "POST"])
@login_required
def synonyms_page():
    """The SDS synonyms applied to every search, and a form to add a group."""
    permissions.require("search.synonyms")
    form = SynonymForm()
    if form.validate_on_submit():
        group = synonyms.save(current_user, form.terms.data)
        db.session.commit()
        flash(f"Searches for any of {group.terms} now find the others too.", "success")
        return redirect(url_for("search.synonyms_page"))
    return render_template("search/synonyms.html", form=form, groups=synonyms.all_groups())


@bp.route("/synonyms/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def edit_synonyms(group_id: int):
    """Change one group of synonyms."""
    permissions.require("search.synonyms")
    group = db.get_or_404(SearchSynonym, group_id)
    form = SynonymForm(obj=group)
    if form.validate_on_submit():
        synonyms.save(current_user, form.terms.data, group)
        db.session.commit()
        flash("The synonyms are saved.", "success")
        return redirect(url_for("search.synonyms_page"))
    return render_template("search/synonym_edit.html", form=form, group=group)


@bp.post("/synonyms/<int:group_id>/remove")
@login_required
def remove_synonyms(group_id: int):
    """Stop treating a group's words as the same."""
    permissions.require("search.synonyms")
    group = db.get_or_404(SearchSynonym, group_id)
    terms = group.terms
    synonyms.remove(current_user, group)
    db.session.commit()
    flash(f"Removed: {terms}.", "success")
    return redirect(url_for("search.synonyms_page"))


@bp.get("/not-found")
@login_required
def not_found():
    """What colleagues searched for and did not find, over the last twelve months (the words, never who).

    Older counts are deleted by `flask mydata purge` (champions.mydata.retention), not by reading this page."""
    permissions.require("search.unfound")
    return render_template("search/unfound.html", searches=unfound.unfound())


@bp.get("/open")
@login_required
def open_result():
    """Count a result opened from a search (the words only), then go to it; only links within the Hub."""
    permissions.require("search.use")
    target = request.args.get("to", "")
    if not is_safe_next(target):
        abort(404)
    unfound.record_opened(clean_query(request.args.get("q", ""))[0])
    db.session.commit()
    return redirect(target)
