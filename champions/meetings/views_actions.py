"""Actions raised at meetings (the tracker, adding, marking done) and the regular updates admins set."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from champions import audit, permissions
from champions.auth.models import User
from champions.extensions import db
from champions.meetings import bp, reminders, service
from champions.meetings.forms import ActionForm, StandingUpdateForm
from champions.meetings.models import Action, StandingUpdate
from champions.params import int_arg, paginate

TABS = {"open": "Open", "overdue": "Overdue", "done": "Done"}


@bp.get("/actions")
@login_required
def actions():
    """Actions from the meetings (and workshops) this person may see: open, overdue or done, by owner."""
    tab = request.args.get("tab", "open") if request.args.get("tab") in TABS else "open"
    mine = request.args.get("mine") == "1"
    owner_id = current_user.id if mine else int_arg("owner")
    today = service.today()
    query = select(Action).where(service.action_clause(current_user))
    owners = db.session.scalars(select(User).where(User.id.in_(query.with_only_columns(Action.owner_id)))
                                .order_by(User.display_name)).all()
    query = query.options(joinedload(Action.meeting), joinedload(Action.owner))
    if tab == "done":
        query = query.where(Action.status == "done").order_by(Action.done_on.desc(), Action.id.desc())
    else:
        query = query.where(Action.status == "open").order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        if tab == "overdue":
            query = query.where(Action.due_on < today)
    if owner_id:
        query = query.where(Action.owner_id == owner_id)
    page = paginate(query, per_page=50)
    return render_template("meetings/actions.html", page=page, tab=tab, tabs=TABS, owners=owners,
                           owner_id=owner_id, mine=mine, today=today, origins=service.action_origins(page.items))


@bp.route("/<int:meeting_id>/actions/new", methods=["GET", "POST"])
@login_required
def action_new(meeting_id: int):
    """Record an action raised at this meeting, with its owner and due date."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    form = ActionForm()
    form.owner.choices = service.owner_choices()
    if not form.validate_on_submit() or not service.personal_data_ok(form, ["what"]):
        return render_template("meetings/action_form.html", meeting=meeting, form=form)
    service.changed(meeting, current_user, "Added an action")
    action = Action(meeting=meeting, what=form.what.data.strip(), owner_id=int(form.owner.data),
                    due_on=form.due_on.data)
    db.session.add(action)
    db.session.flush()
    audit.record(current_user, "action.create", action, summary=action.what)
    reminders.assigned(action, current_user)
    db.session.commit()
    flash("Action added.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id, _anchor="actions"))


@bp.post("/actions/<int:action_id>/done")
@login_required
def action_done(action_id: int):
    """The owner or a champion marks an action done."""
    action = db.session.get(Action, action_id)
    if not service.action_visible(current_user, action):
        abort(404)
    if action.is_done:
        flash("That action was already done.", "info")
    elif not permissions.can(current_user, "action.complete", action):
        abort(403)
    else:
        action.status, action.done_on = "done", service.today()
        if action.meeting is not None:
            service.changed(action.meeting, current_user, f"Marked an action done: {action.what}"[:300])
        audit.record(current_user, "action.complete", action, summary=action.what)
        db.session.commit()
        flash(f"Marked done: {action.what}", "success")
    return redirect(request.form.get("next") if (request.form.get("next") or "").startswith(
        ("/meetings/", "/workshops/", "/self-evaluation/")) else url_for("meetings.actions"))


@bp.route("/standing-updates", methods=["GET", "POST"])
@login_required
def standing_updates():
    """Administrators set the regular updates every meeting hears."""
    permissions.require("standing_updates.manage")
    form = StandingUpdateForm()
    if form.validate_on_submit():
        title = form.title.data.strip()
        if db.session.scalar(select(StandingUpdate).where(StandingUpdate.title == title)):
            form.title.errors.append("There is already a regular update with that name")
        else:
            update = StandingUpdate(title=title, description=(form.description.data or "").strip(),
                                    position=len(db.session.scalars(select(StandingUpdate.id)).all()) + 1)
            db.session.add(update)
            db.session.flush()
            audit.record(current_user, "standing_update.create", update, summary=title)
            db.session.commit()
            flash(f"Added: {title}", "success")
            return redirect(url_for("meetings.standing_updates"))
    updates = db.session.scalars(select(StandingUpdate).order_by(StandingUpdate.position, StandingUpdate.title)).all()
    return render_template("meetings/standing_updates.html", form=form, updates=updates)


@bp.post("/standing-updates/<int:update_id>/toggle")
@login_required
def standing_update_toggle(update_id: int):
    """Stop using a regular update, or use it again (never deleted: old agendas point to it)."""
    permissions.require("standing_updates.manage")
    update = db.get_or_404(StandingUpdate, update_id)
    update.active = not update.active
    audit.record(current_user, "standing_update.toggle", update, summary=update.title,
                 after={"active": update.active})
    db.session.commit()
    flash(f"{update.title}: {'in use' if update.active else 'no longer used'}.", "success")
    return redirect(url_for("meetings.standing_updates"))
