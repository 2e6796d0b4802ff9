"""Workshops: the list, creating and editing, an exercise's page, its live board, publishing and its records."""
from __future__ import annotations

import csv
import io

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectChoice

from champions import audit, permissions
from champions.auth.models import Team
from champions.extensions import db
from champions.meetings import service as meetings_service
from champions.workshops import bp, service, trace
from champions.workshops.forms import CardForm, PublishForm, WorkshopForm
from champions.workshops.models import Workshop
from champions.workshops.sections import SECTIONS, STARTING, label_of


@bp.errorhandler(StaleDataError)
def changed_meanwhile(error):
    """Two saves of the same card or item at the same instant: the second is refused, never written over the first."""
    db.session.rollback()
    return render_template("errors/error.html", code=409, title="Someone else saved this at the same moment",
                           message="Nothing was overwritten. Go back, refresh the page to see their version, "
                                   "and make your change again.", detail="", retry_after=None, kept=None), 409


@bp.get("/")
@login_required
def index():
    """The workshops this person may read: in progress, then published."""
    workshops = db.session.scalars(service.list_query(current_user)).all()
    return render_template("workshops/index.html", workshops=workshops)


def _workshop_form(workshop: Workshop | None = None) -> WorkshopForm:
    form = WorkshopForm()
    people = meetings_service.staff_members()
    form.facilitator.choices = [SelectChoice("", "Choose the facilitator")] + [
        SelectChoice(str(u.id), f"{u.display_name} ({u.role_label})") for u in people
        if permissions.can(current_user, "workshop.be_facilitator", u)]
    form.participants.choices = [SelectChoice(u.id, f"{u.display_name} ({u.role_label})") for u in people]
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    form.team.choices = [SelectChoice("", "No team")] + [SelectChoice(str(t.id), t.name) for t in teams]
    if workshop is not None and request.method == "GET":
        form.title.data, form.kind.data, form.held_on.data = workshop.title, workshop.kind, workshop.held_on
        form.facilitator.data, form.visibility.data = str(workshop.facilitator_id), workshop.visibility
        form.participants.data = [p.user_id for p in workshop.participants if p.via_team_id is None]
        form.team.data = str(workshop.team_id or "")
    return form


def _save(workshop: Workshop, form: WorkshopForm) -> None:
    workshop.title, workshop.held_on = form.title.data.strip(), form.held_on.data
    workshop.facilitator_id, workshop.visibility = int(form.facilitator.data), form.visibility.data
    workshop.team_id = int(form.team.data) if form.team.data else None
    service.set_participants(workshop, form.participants.data or [], workshop.team_id)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """A champion or admin sets up an exercise: kind, facilitator, participants, date, audience."""
    permissions.require("workshop.create")
    form = _workshop_form()
    if not form.validate_on_submit() or not service.text_ok(form, ["title"]):
        return render_template("workshops/form.html", form=form, workshop=None)
    workshop = Workshop(kind=form.kind.data, created_by_id=current_user.id)
    _save(workshop, form)
    db.session.add(workshop)
    db.session.flush()
    audit.record(current_user, "workshop.create", workshop, summary=workshop.title)
    service.changed(workshop)
    db.session.commit()
    flash("Workshop set up. Participants can now add to it.", "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit(workshop_id: int):
    """The facilitator changes the details and participants (the kind stays)."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.facilitate")
    form = _workshop_form(workshop)
    form.kind.data = workshop.kind
    if not form.validate_on_submit() or not service.text_ok(form, ["title"]):
        return render_template("workshops/form.html", form=form, workshop=workshop)
    _save(workshop, form)
    audit.record(current_user, "workshop.edit", workshop, summary=workshop.title)
    service.changed(workshop)
    if workshop.is_published:
        service.set_subject_visibility(f"workshop:{workshop.id}", permissions.WORKSHOP.access_label(workshop))
    db.session.commit()
    flash("Workshop details saved.", "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


def render_detail(workshop: Workshop, card_form: CardForm | None = None, status: int = 200, stamp: str | None = None):
    """The exercise's page (with the add-card form, kept as typed after an error); `stamp`: the board's, when
    the caller has it."""
    form = card_form or CardForm(formdata=None, side="challenge")
    publish_form = PublishForm(formdata=None, visibility=workshop.visibility)
    return render_template("workshops/detail.html", workshop=workshop, card_form=form, publish_form=publish_form,
                           sections=SECTIONS, starting=workshop.items_in(STARTING), label_of=label_of,
                           quick_wins=trace.quick_wins(workshop), stamp=stamp or service.board_stamp(workshop),
                           sources=service.candidate_sources(workshop, current_user)
                           if permissions.can(current_user, "workshop.facilitate", workshop) else [],
                           today=service.today()), status


@bp.get("/<int:workshop_id>")
@login_required
def detail(workshop_id: int):
    """An exercise: its board or lists, for everyone who may read it; the forms for those who may add."""
    workshop = service.get_loaded_or_404(workshop_id)
    return render_detail(workshop, stamp=service.loaded_board_stamp(workshop))


@bp.get("/<int:workshop_id>/board")
@login_required
def board(workshop_id: int):
    """The board alone (a fragment), for the live view to poll; 204 when it has not changed since `stamp`."""
    workshop = service.get_workshop_or_404(workshop_id)
    stamp = service.board_stamp(workshop)
    if request.args.get("stamp") == stamp:
        return Response(status=204)
    workshop = service.load(workshop)
    html = render_template("workshops/_board.html", workshop=workshop, stamp=stamp)
    return Response(html, mimetype="text/html", headers={"Cache-Control": "no-store"})


@bp.post("/<int:workshop_id>/publish")
@login_required
def publish(workshop_id: int):
    """The facilitator publishes the record to its audience; participants of every linked exercise are told."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.publish")
    form = PublishForm()
    if not form.validate_on_submit():
        flash("Choose who can read the record, then publish it.", "error")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="publish"))
    service.publish(workshop, form.visibility.data, current_user)
    db.session.commit()
    flash("Published. Participants of every linked exercise who can read it have been told.", "success")
    return redirect(url_for("workshops.you_said", workshop_id=workshop.id))


@bp.get("/<int:workshop_id>/changes")
@login_required
def history(workshop_id: int):
    """Every wording its cards and items have had, newest first, for champions (nothing is lost)."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.history")
    return render_template("workshops/history.html", workshop=workshop, versions=service.versions(workshop, current_user),
                           label_of=label_of)


@bp.get("/<int:workshop_id>/you-said-we-did")
@login_required
def you_said(workshop_id: int):
    """Every challenge card of the linked team exercises, traced to what became of it."""
    workshop = service.get_workshop_or_404(workshop_id)
    loaded = trace.preload(workshop)  # noqa: F841 (kept while tracing)
    return render_template("workshops/you_said.html", workshop=workshop,
                           traces=trace.you_said_we_did(workshop, current_user), quick_wins=trace.quick_wins(workshop))


@bp.get("/<int:workshop_id>/print")
@login_required
def print_view(workshop_id: int):
    """The whole record, plain, to print or save as PDF."""
    workshop = service.get_loaded_or_404(workshop_id)
    return render_template("workshops/print.html", workshop=workshop, sections=SECTIONS, label_of=label_of,
                           starting=workshop.items_in(STARTING), quick_wins=trace.quick_wins(workshop))


def csv_rows(workshop: Workshop):
    """Every card and item as rows: kind, cluster, text, details, where it came from, author, when."""
    yield ["Type", "Side or section", "Cluster", "Text", "Details", "Came from", "Written by", "Added"]
    for card in workshop.cards:
        cluster = service.live_cluster(card.cluster)
        yield ["Card", card.side, cluster.name if cluster else "", card.text, "", "",
               card.author.display_name, card.created_at.date().isoformat()]
    for item in workshop.items:
        cluster = service.live_cluster(item.cluster)
        details = "; ".join(f"{k}: {v}" for k, v in sorted((item.data or {}).items()) if not k.startswith("from_"))
        origin = f"{item.data.get('from_workshop', '')} / {item.data.get('from_cluster', '')}" if item.origin_id else ""
        yield ["Item", label_of(item.section), cluster.name if cluster else "", item.text, details, origin,
               item.author.display_name if item.author else "", item.created_at.date().isoformat()]


def _safe(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/<int:workshop_id>/items.csv")
@login_required
def items_csv(workshop_id: int):
    """The exercise's cards and items as a CSV file."""
    workshop = service.get_loaded_or_404(workshop_id)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv_rows(workshop):
        writer.writerow([_safe(cell) for cell in row])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="workshop-{workshop.id}.csv"'})
