"""Evaluations: the list, starting one, the evaluation page, its printable page and publishing."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from champions import permissions
from champions.auth.models import Team, User
from champions.extensions import db
from champions.params import int_arg
from champions.questions.models import Tag
from champions.selfeval import bp, service
from champions.selfeval.forms import EvaluationForm
from champions.selfeval.models import RATINGS, SCOPES, SelfEvaluation, rating_label
from champions.timeutil import to_local, utcnow


@bp.get("/")
@login_required
def index():
    """The evaluations this person may read: in progress first, then published, newest first."""
    permissions.require("selfeval.view")
    evaluations = db.session.scalars(
        select(SelfEvaluation).where(permissions.EVALUATION.listed_clause(current_user))
        .options(selectinload(SelfEvaluation.teams), selectinload(SelfEvaluation.standards),
                 joinedload(SelfEvaluation.lead))
        .order_by(SelfEvaluation.status, SelfEvaluation.created_at.desc(), SelfEvaluation.id.desc())).all()
    return render_template("selfeval/index.html",
                           in_progress=[e for e in evaluations if not e.is_published],
                           published=[e for e in evaluations if e.is_published])


def _choices(form: EvaluationForm) -> None:
    form.teams.choices = [SelectChoice(t.id, f"{t.name} ({t.organisation.name})") for t in service.teams()]
    form.standards.choices = [SelectChoice(t.id, t.name) for t in service.standards()]
    form.contributors.choices = [SelectChoice(u.id, f"{u.display_name} ({u.role_label})")
                                 for u in service.possible_contributors()]


def _prefill(form: EvaluationForm, earlier: SelfEvaluation) -> None:
    """The next snapshot of an earlier evaluation: the same scope, standards, contributors and audience."""
    form.scope.data = earlier.scope
    form.teams.data = [t.id for t in earlier.teams]
    form.standards.data = [s.tag_id for s in earlier.standards]
    form.contributors.data = [u.id for u in earlier.contributors]
    form.visibility.data = earlier.visibility


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """A champion or admin starts an evaluation (the next snapshot of an earlier one with ?from=)."""
    permissions.require("selfeval.create")
    form = EvaluationForm()
    _choices(form)
    earlier = db.session.get(SelfEvaluation, int_arg("from") or 0)
    if earlier is not None and not permissions.can(current_user, "selfeval.read", earlier):
        earlier = None  # its title is not theirs to see either
    if earlier is not None and not form.is_submitted():
        _prefill(form, earlier)
    if not form.validate_on_submit():
        return render_template("selfeval/new.html", form=form, earlier=earlier)
    team_list = db.session.scalars(select(Team).where(Team.id.in_(form.teams.data or []))).all()
    by_id = {t.id: t for t in db.session.scalars(select(Tag).where(Tag.id.in_(form.standards.data)))}
    tags = [by_id[i] for i in form.standards.data]
    people = db.session.scalars(select(User).where(User.id.in_(form.contributors.data))).all()
    names = " and ".join(t.name for t in team_list) if form.scope.data != "partnership" else "The whole partnership"
    title = (form.title.data or "").strip() or f"{names}, {to_local(utcnow()):%B %Y}"
    evaluation = service.start(current_user, title=title, scope=form.scope.data, team_list=team_list, tags=tags,
                               contributors=people, visibility=form.visibility.data)
    db.session.commit()
    flash("Evaluation started. Contributors have been told." if not evaluation.previous else
          "Evaluation started from the last one. Contributors have been told.", "success")
    return redirect(url_for("selfeval.detail", evaluation_id=evaluation.id))


def _page(evaluation: SelfEvaluation, template: str):
    """The evaluation page or its printable version, for an evaluation loaded by `service.get_loaded_or_404`."""
    previous = service.previous_ratings(evaluation)
    evidence = service.readable_evidence_of(evaluation.standards, current_user)
    mine = {s.id: next((r for r in s.ratings if r.contributor_id == current_user.id), None)
            for s in evaluation.standards}
    return render_template(template, evaluation=evaluation, previous=previous, evidence=evidence, mine=mine,
                           corrections=service.corrections(evaluation.standards),
                           change_text=service.change_text, unrated=service.unrated(evaluation),
                           scopes=SCOPES, today=to_local(utcnow()).date(), ratings=RATINGS,
                           rating_label=rating_label)


@bp.get("/<int:evaluation_id>")
@login_required
def detail(evaluation_id: int):
    """The evaluation: each standard's ratings and spread, agreed rating, evidence and actions."""
    return _page(service.get_loaded_or_404(evaluation_id), "selfeval/detail.html")


@bp.get("/<int:evaluation_id>/print")
@login_required
def printable(evaluation_id: int):
    """The evaluation on one page, without buttons, for printing or saving as PDF."""
    return _page(service.get_loaded_or_404(evaluation_id), "selfeval/print.html")


@bp.post("/<int:evaluation_id>/publish")
@login_required
def publish(evaluation_id: int):
    """The lead publishes once every standard has an agreed rating; its audience is told."""
    evaluation = service.get_evaluation_or_404(evaluation_id, "publish")
    waiting = service.unrated(evaluation)
    if waiting:
        flash("Agree a rating for every standard before publishing. Still to agree: "
              + "; ".join(s.name for s in waiting), "error")
        return redirect(url_for("selfeval.detail", evaluation_id=evaluation.id))
    service.publish(evaluation, current_user)
    db.session.commit()
    flash("Evaluation published. Its readers have been told.", "success")
    return redirect(url_for("selfeval.detail", evaluation_id=evaluation.id))
