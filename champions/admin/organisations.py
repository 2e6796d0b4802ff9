"""Admin: organisations (councils, HSCPs and partners) and their teams."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from champions import audit
from champions.admin import bp
from champions.admin.forms import OrganisationForm, TeamForm
from champions.auth.models import Organisation, Team, User
from champions.extensions import db

FIELDS = ("name", "kind", "description", "contact_email", "contact_phone", "address", "website", "active")


def _organisation_or_404(organisation_id: int) -> Organisation:
    org = db.session.get(Organisation, organisation_id)
    if org is None:
        abort(404)
    return org


def _snapshot(org: Organisation) -> dict:
    return {name: getattr(org, name) for name in FIELDS}


def _apply(form: OrganisationForm, org: Organisation) -> None:
    for name in FIELDS:
        value = getattr(form, name).data
        setattr(org, name, value.strip() if isinstance(value, str) else value)


@bp.get("/organisations")
def organisations():
    """Every organisation with its kind, status and number of members."""
    counts = dict(db.session.execute(
        select(User.organisation_id, func.count(User.id)).group_by(User.organisation_id)).all())
    orgs = db.session.scalars(select(Organisation).options(selectinload(Organisation.teams))
                              .order_by(Organisation.name)).all()
    return render_template("admin/organisations.html", organisations=orgs, counts=counts)


@bp.route("/organisations/new", methods=["GET", "POST"])
def new_organisation():
    """Add an organisation."""
    form = OrganisationForm()
    if form.validate_on_submit():
        org = Organisation()
        _apply(form, org)
        db.session.add(org)
        db.session.flush()
        audit.record(current_user, "organisation.create", org, summary=f"Added {org.name}", after=_snapshot(org))
        db.session.commit()
        flash(f"{org.name} has been added.", "success")
        return redirect(url_for("admin.organisation_detail", organisation_id=org.id))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@bp.get("/organisations/<int:organisation_id>")
def organisation_detail(organisation_id: int):
    """An organisation's details, its teams and a form to add a team."""
    org = _organisation_or_404(organisation_id)
    return _detail_page(org, TeamForm())


def _detail_page(org: Organisation, team_form: TeamForm, status: int = 200):
    members = db.session.scalar(select(func.count(User.id)).where(User.organisation_id == org.id))
    return render_template("admin/organisation_detail.html", organisation=org, team_form=team_form,
                           members=members), status


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id: int):
    """Change an organisation's details, or mark it inactive."""
    org = _organisation_or_404(organisation_id)
    form = OrganisationForm(obj=org, organisation_id=org.id)
    if form.validate_on_submit():
        before = _snapshot(org)
        _apply(form, org)
        if _snapshot(org) != before:
            audit.record(current_user, "organisation.edit", org, summary=f"Edited {org.name}",
                         before=before, after=_snapshot(org))
            db.session.commit()
        flash(f"{org.name} has been saved.", "success")
        return redirect(url_for("admin.organisation_detail", organisation_id=org.id))
    return render_template("admin/organisation_form.html", form=form, organisation=org)


@bp.post("/organisations/<int:organisation_id>/teams")
def add_team(organisation_id: int):
    """Add a team to an organisation."""
    org = _organisation_or_404(organisation_id)
    form = TeamForm()
    if form.validate_on_submit() and _team_name_free(org, form):
        team = Team(name=form.name.data.strip(), organisation=org)
        db.session.add(team)
        db.session.flush()
        audit.record(current_user, "team.create", team, summary=f"Added team {team.name} to {org.name}",
                     after={"name": team.name, "organisation_id": org.id})
        db.session.commit()
        flash(f"Team {team.name} has been added.", "success")
        return redirect(url_for("admin.organisation_detail", organisation_id=org.id))
    return _detail_page(org, form, 400)


def _team_name_free(org: Organisation, form: TeamForm, team: Team | None = None) -> bool:
    name = form.name.data.strip().lower()
    if any(t.name.lower() == name and t is not team for t in org.teams):
        form.name.errors.append(f"{org.name} already has a team with this name")
        return False
    return True


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
def edit_team(team_id: int):
    """Rename a team."""
    team = db.session.get(Team, team_id) or abort(404)
    form = TeamForm(obj=team)
    if form.validate_on_submit() and _team_name_free(team.organisation, form, team):
        before = {"name": team.name}
        team.name = form.name.data.strip()
        if team.name != before["name"]:
            audit.record(current_user, "team.rename", team, summary=f"Renamed team {before['name']} to {team.name}",
                         before=before, after={"name": team.name})
            db.session.commit()
        flash(f"Team {team.name} has been saved.", "success")
        return redirect(url_for("admin.organisation_detail", organisation_id=team.organisation_id))
    return render_template("admin/team_form.html", form=form, team=team)
