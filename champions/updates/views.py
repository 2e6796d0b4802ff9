"""Partner organisation updates: the list, an update, posting, editing, pinning and hiding."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from markupsafe import Markup
from flask_login import current_user, login_required

from champions import audit, params, permissions, privacy, search
from champions.auth.models import Organisation
from champions.extensions import db
from champions.limits import writing_limit
from champions.notifications.service import set_subject_visibility
from champions.updates import bp, service
from champions.updates.forms import HideForm, UpdateForm
from champions.updates.models import CATEGORIES, Update

PER_PAGE = 20


def get_update_or_404(update_id: int, action: str = "updates.read") -> Update:
    """Load an update the current user may see (404 otherwise), then check the action (403)."""
    return permissions.get_or_404(Update, update_id, "updates.read", action)


@bp.get("/")
@login_required
def index():
    """Updates from partner organisations: pinned first, then newest, filtered by category or organisation."""
    permissions.require("updates.view")
    category = request.args.get("category") if request.args.get("category") in CATEGORIES else None
    org_id = params.int_arg("organisation")
    page = params.paginate(service.list_query(current_user, category, org_id), PER_PAGE)
    return render_template("updates/index.html", page=page, categories=CATEGORIES, category=category,
                           organisation_id=org_id, organisations=service.partner_organisations(),
                           filter_args={k: v for k, v in (("category", category), ("organisation", org_id)) if v})


@bp.get("/<int:update_id>")
@login_required
def detail(update_id: int):
    """One update, with moderation buttons for champions."""
    update = get_update_or_404(update_id)
    return render_template("updates/detail.html", update=update, hide_form=HideForm())


def _form_for(user) -> UpdateForm:
    form = UpdateForm()
    form.organisation_id.choices = service.organisation_choices(user)
    return form


def _valid(form: UpdateForm) -> bool:
    ok = form.validate_on_submit()
    if ok and permissions.can(current_user, "updates.choose_organisation") and not form.organisation_id.data:
        form.organisation_id.errors = ["Choose the organisation this update is from"]
        ok = False
    # The organisation's own published phone number and email may appear in its updates.
    org_id = (form.organisation_id.data if ok else None) or current_user.organisation_id
    org = db.session.get(Organisation, org_id) if org_id else None
    contacts = [org.contact_phone, org.contact_email] if org else []
    # Checked even when something else is wrong, so every problem shows at once.
    safe = privacy.check_form(form, ["title", "body"], allowed=contacts)
    return ok and safe


@bp.route("/new", methods=["GET", "POST"])
@writing_limit
@login_required
def new():
    """Post an update for your organisation (champions may post for a partner organisation)."""
    permissions.require("updates.create")
    form = _form_for(current_user)
    if not form.is_submitted() and current_user.organisation_id:
        form.organisation_id.data = current_user.organisation_id
    if _valid(form):
        duplicate = service.recent_duplicate(current_user, form.title.data, form.body.data)
        if duplicate:
            url = url_for("updates.detail", update_id=duplicate.id)
            flash(Markup('You had already posted this update, so it was not posted again. '
                         '<a href="{0}">Go to your update</a>.').format(url), "info")
            return redirect(url)
        update = service.save(Update(author_id=current_user.id), form, current_user)
        db.session.commit()
        flash("Your update is posted.", "success")
        return redirect(url_for("updates.detail", update_id=update.id))
    return render_template("updates/form.html", form=form, update=None)


@bp.route("/<int:update_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit(update_id: int):
    """Edit an update; every save keeps a revision."""
    update = get_update_or_404(update_id, "updates.edit")
    form = _form_for(current_user)
    form.saved_event_date = update.event_date  # an unchanged date is not questioned again
    if not form.is_submitted():
        form.process(obj=update)
        form.organisation_id.choices = service.organisation_choices(current_user)
    elif _valid(form):
        service.save(update, form, current_user)
        db.session.commit()
        flash("Your changes are saved.", "success")
        return redirect(url_for("updates.detail", update_id=update.id))
    return render_template("updates/form.html", form=form, update=update)


def _moderate(update_id: int, action: str, changes: dict, message: str):
    """Apply a champion's change to an update, audit it, reindex it and say what happened."""
    update = get_update_or_404(update_id, "updates.moderate")
    before = {key: getattr(update, key) for key in changes}
    for key, value in changes.items():
        setattr(update, key, value)
    audit.record(current_user, f"update.{action}", update, summary=f"{message} {update.title}"[:500],
                 before=before, after=changes)
    set_subject_visibility(f"update:{update.id}", permissions.UPDATE.access_label(update))
    search.enqueue("update", update.id)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("updates.detail", update_id=update.id))


@bp.post("/<int:update_id>/pin")
@login_required
def pin(update_id: int):
    """Pin an update to the top of the list."""
    return _moderate(update_id, "pin", {"pinned": True}, "The update is pinned.")


@bp.post("/<int:update_id>/unpin")
@login_required
def unpin(update_id: int):
    """Unpin an update."""
    return _moderate(update_id, "unpin", {"pinned": False}, "The update is no longer pinned.")


@bp.post("/<int:update_id>/hide")
@login_required
def hide(update_id: int):
    """Hide an update, with a reason (champions still see it)."""
    update = get_update_or_404(update_id, "updates.moderate")
    form = HideForm()
    if not form.validate_on_submit():
        return render_template("updates/detail.html", update=update, hide_form=form)
    return _moderate(update_id, "hide", {"hidden": True, "hidden_reason": form.reason.data.strip()},
                     "The update is hidden.")


@bp.post("/<int:update_id>/restore")
@login_required
def restore(update_id: int):
    """Show a hidden update again."""
    return _moderate(update_id, "restore", {"hidden": False, "hidden_reason": ""}, "The update is visible again.")
