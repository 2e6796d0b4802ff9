"""Evidence for one standard: Hub content found by search and linked, free text, and taking it off."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from champions import audit, markdown, privacy
from champions.extensions import db
from champions.params import to_int
from champions.search import index as search_index
from champions.selfeval import bp, service
from champions.selfeval import evidence as kinds
from champions.selfeval.forms import EvidenceLinkForm, EvidenceTextForm
from champions.selfeval.models import Evidence
from champions.timeutil import utcnow


def _page(evaluation, standard, *, text_form=None, link_form=None, status=200):
    """The evidence page: what is linked, a search of the Hub, and free-text evidence."""
    q = (request.args.get("q") or "").strip()[:200]
    hits, actions = [], []
    if q:
        results = search_index.query(current_user, q, kinds=kinds.search_kinds(), per_page=10)
        linked = {(e.kind, e.object_id) for e in standard.live_evidence}
        for hit in results.hits:
            ref = kinds.from_search_hit(hit.doc_id)
            if ref and ref not in linked:
                hits.append((ref, hit))
        # Kinds search does not hold (actions, workshop items) are found by their own words.
        actions = [(kind, obj, kind.title(obj)) for kind in kinds.KINDS.values() if kind.find
                   for obj in kind.find(current_user, q) if (kind.name, obj.id) not in linked]
    shown, hidden = service.readable_evidence(standard, current_user)
    return render_template("selfeval/evidence.html", evaluation=evaluation, standard=standard, q=q, hits=hits,
                           actions=actions, shown=shown, hidden=hidden, kinds=kinds.KINDS,
                           text_form=text_form or EvidenceTextForm(formdata=None),
                           link_form=link_form or EvidenceLinkForm(formdata=None)), status


def _load(evaluation_id: int, standard_id: int):
    evaluation = service.get_evaluation_or_404(evaluation_id, "contribute")
    return evaluation, service.get_standard_or_404(evaluation, standard_id)


@bp.get("/<int:evaluation_id>/standards/<int:standard_id>/evidence")
@login_required
def evidence(evaluation_id: int, standard_id: int):
    """Find Hub content to link as evidence (only what this person may see), or write evidence out."""
    evaluation, standard = _load(evaluation_id, standard_id)
    return _page(evaluation, standard)


@bp.post("/<int:evaluation_id>/standards/<int:standard_id>/evidence/link")
@login_required
def evidence_link(evaluation_id: int, standard_id: int):
    """Link a practice example, question, meeting or action this person may see."""
    evaluation, standard = _load(evaluation_id, standard_id)
    form = EvidenceLinkForm()
    object_id = to_int(form.object_id.data)
    if not form.validate_on_submit() or object_id is None or \
            kinds.linkable(form.kind.data, object_id, current_user) is None:
        form.validate()
        form.kind.errors = list(form.kind.errors) + ["You can only link Hub content you can see: search for it again"]
        form._errors = None
        return _page(evaluation, standard, link_form=form, status=400)
    if any((e.kind, e.object_id) == (form.kind.data, object_id) for e in standard.live_evidence):
        flash("That is already linked as evidence.", "info")
    else:
        db.session.add(Evidence(standard=standard, kind=form.kind.data, object_id=object_id,
                                added_by_id=current_user.id))
        service.changed(evaluation)
        audit.record(current_user, "selfeval.evidence", evaluation, summary=f"{standard.name}: {form.kind.data}")
        db.session.commit()
        flash("Evidence linked.", "success")
    return redirect(url_for("selfeval.evidence", evaluation_id=evaluation.id, standard_id=standard.id,
                            q=request.form.get("q") or None))


@bp.post("/<int:evaluation_id>/standards/<int:standard_id>/evidence/text")
@login_required
def evidence_text(evaluation_id: int, standard_id: int):
    """Evidence in words (case-file audit findings, feedback from supported people): the personal-data guard runs."""
    evaluation, standard = _load(evaluation_id, standard_id)
    form = EvidenceTextForm()
    if not form.validate_on_submit() or not privacy.check_form(form, ["text"]):
        return _page(evaluation, standard, text_form=form, status=400)
    text = form.text.data.strip()
    db.session.add(Evidence(standard=standard, kind="text", text=text, text_html=str(markdown.render(text)),
                            added_by_id=current_user.id))
    service.changed(evaluation)
    audit.record(current_user, "selfeval.evidence", evaluation, summary=f"{standard.name}: text")
    db.session.commit()
    flash("Evidence added.", "success")
    return redirect(url_for("selfeval.evidence", evaluation_id=evaluation.id, standard_id=standard.id))


@bp.post("/<int:evaluation_id>/evidence/<int:evidence_id>/withdraw")
@login_required
def evidence_withdraw(evaluation_id: int, evidence_id: int):
    """Take evidence off the standard (kept, marked withdrawn: nothing people write is deleted)."""
    evaluation = service.get_evaluation_or_404(evaluation_id, "contribute")
    item = db.session.get(Evidence, evidence_id)
    if item is None or item.standard.evaluation_id != evaluation.id or item.withdrawn:
        abort(404)
    item.withdrawn_at = utcnow()
    audit.record(current_user, "selfeval.evidence_withdraw", evaluation, summary=item.standard.name)
    db.session.commit()
    flash("Evidence taken off.", "success")
    return redirect(url_for("selfeval.evidence", evaluation_id=evaluation.id, standard_id=item.standard_id))
