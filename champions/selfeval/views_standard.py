"""One standard of an evaluation: a contributor's rating, the lead's agreed rating (and corrections),
strengths and areas for improvement, and improvement actions."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from champions import audit, markdown, permissions, privacy, revisions
from champions.extensions import db
from champions.meetings import reminders, service as meetings
from champions.meetings.models import Action
from champions.selfeval import bp, service
from champions.selfeval.forms import AgreeForm, FindingsForm, ImprovementActionForm, RatingForm
from champions.selfeval.models import ContributorRating, ImprovementAction
from champions.timeutil import utcnow


def _load(evaluation_id: int, standard_id: int, action: str):
    evaluation = service.get_evaluation_or_404(evaluation_id, action)
    return evaluation, service.get_standard_or_404(evaluation, standard_id)


def _back(evaluation, standard):
    return redirect(url_for("selfeval.detail", evaluation_id=evaluation.id, _anchor=f"standard-{standard.id}"))


@bp.route("/<int:evaluation_id>/standards/<int:standard_id>/rate", methods=["GET", "POST"])
@login_required
def rate(evaluation_id: int, standard_id: int):
    """A contributor rates the standard (1 to 6) and says what it looks like here."""
    evaluation, standard = _load(evaluation_id, standard_id, "contribute")
    mine = next((r for r in standard.ratings if r.contributor_id == current_user.id), None)
    form = RatingForm(obj=mine)
    if not form.validate_on_submit() or not privacy.check_form(form, ["looks_like"]):
        return render_template("selfeval/rate.html", evaluation=evaluation, standard=standard, form=form)
    if mine is None:
        mine = ContributorRating(standard=standard, contributor_id=current_user.id, rating=form.rating.data)
        db.session.add(mine)
    mine.rating, mine.looks_like = form.rating.data, form.looks_like.data.strip()
    mine.looks_like_html, mine.updated_at = str(markdown.render(mine.looks_like)), utcnow()
    service.changed(evaluation)
    db.session.flush()
    audit.record(current_user, "selfeval.rate", evaluation, summary=f"{standard.name}: {mine.rating}")
    db.session.commit()
    flash(f"Your rating of {standard.name} is saved.", "success")
    return _back(evaluation, standard)


def _keep_version(evaluation, standard, note: str) -> None:
    """Keep the standard's agreed rating and findings as they were, before a correction after publishing."""
    revisions.record("selfeval_standard", standard, standard.agreed_by_id, visibility=evaluation.visibility,
                     title=standard.name, body=standard.agreed_reason, rating=standard.agreed_rating,
                     strengths=standard.strengths, improvements=standard.improvements, correction=note)


@bp.route("/<int:evaluation_id>/standards/<int:standard_id>/agree", methods=["GET", "POST"])
@login_required
def agree(evaluation_id: int, standard_id: int):
    """The lead agrees the rating with a reason; after publishing, a correction keeps the earlier version."""
    evaluation = service.get_evaluation_or_404(evaluation_id)
    action = "correct" if evaluation.is_published else "agree"
    permissions.require(f"selfeval.{action}", evaluation)
    standard = service.get_standard_or_404(evaluation, standard_id)
    form = AgreeForm(data={"rating": standard.agreed_rating, "reason": standard.agreed_reason,
                           "strengths": standard.strengths, "improvements": standard.improvements})
    if form.is_submitted() and action == "correct" and not (form.correction.data or "").strip():
        form.validate()
        form.correction.errors = list(form.correction.errors) + ["Say what was corrected and why"]
        form._errors = None
        return render_template("selfeval/agree.html", evaluation=evaluation, standard=standard, form=form)
    if not form.validate_on_submit() or not privacy.check_form(form, ["reason", "strengths", "improvements", "correction"]):
        return render_template("selfeval/agree.html", evaluation=evaluation, standard=standard, form=form)
    if action == "correct":
        _keep_version(evaluation, standard, form.correction.data.strip())
        standard.corrected_at = utcnow()
    standard.agreed_rating, standard.agreed_reason = form.rating.data, form.reason.data.strip()
    standard.agreed_reason_html = str(markdown.render(standard.agreed_reason))
    _set_findings(standard, form)
    standard.agreed_by_id, standard.agreed_at = current_user.id, utcnow()
    service.changed(evaluation)
    audit.record(current_user, f"selfeval.{action}", evaluation,
                 summary=f"{standard.name}: agreed {standard.agreed_rating}")
    db.session.commit()
    flash(f"Corrected: {standard.name}. The earlier version is kept." if action == "correct"
          else f"Agreed rating saved for {standard.name}.", "success")
    return _back(evaluation, standard)


def _set_findings(standard, form) -> None:
    standard.strengths = (form.strengths.data or "").strip()
    standard.strengths_html = str(markdown.render(standard.strengths))
    standard.improvements = (form.improvements.data or "").strip()
    standard.improvements_html = str(markdown.render(standard.improvements))


@bp.route("/<int:evaluation_id>/standards/<int:standard_id>/findings", methods=["GET", "POST"])
@login_required
def findings(evaluation_id: int, standard_id: int):
    """Contributors write the standard's strengths and areas for improvement."""
    evaluation, standard = _load(evaluation_id, standard_id, "contribute")
    form = FindingsForm(obj=standard)
    if not form.validate_on_submit() or not privacy.check_form(form, ["strengths", "improvements"]):
        return render_template("selfeval/findings.html", evaluation=evaluation, standard=standard, form=form)
    _set_findings(standard, form)
    service.changed(evaluation)
    audit.record(current_user, "selfeval.findings", evaluation, summary=standard.name)
    db.session.commit()
    flash(f"Strengths and areas for improvement saved for {standard.name}.", "success")
    return _back(evaluation, standard)


@bp.route("/<int:evaluation_id>/standards/<int:standard_id>/actions/new", methods=["GET", "POST"])
@login_required
def action_new(evaluation_id: int, standard_id: int):
    """An improvement action (what, owner, by when): it joins the actions tracker."""
    evaluation, standard = _load(evaluation_id, standard_id, "contribute")
    form = ImprovementActionForm()
    form.owner.choices = meetings.owner_choices()
    refused = "The owner cannot read this evaluation yet: choose a contributor or a champion"
    if not form.validate_on_submit() or not meetings.owner_can_read(form, "selfeval.read", evaluation, refused) \
            or not privacy.check_form(form, ["what"]):
        return render_template("selfeval/action_form.html", evaluation=evaluation, standard=standard, form=form)
    action = Action(meeting=None, what=form.what.data.strip(), owner_id=int(form.owner.data), due_on=form.due_on.data)
    db.session.add(action)
    db.session.add(ImprovementAction(standard=standard, action=action))
    db.session.flush()
    audit.record(current_user, "action.create", action, summary=action.what)
    reminders.assigned(action, current_user)
    db.session.commit()
    flash("Improvement action added. It is in the actions tracker.", "success")
    return _back(evaluation, standard)
