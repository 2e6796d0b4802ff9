"""In-app notifications and email preferences: views."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import update

from champions import params, permissions
from champions.auth.models import EMAIL_FREQUENCIES, User
from champions.extensions import db
from champions.notifications import bp
from champions.extensions import csrf
from champions.notifications import kinds, preferences
from champions.notifications.forms import FREQUENCY_HINTS, SettingsForm, kinds_form
from champions.notifications.models import Notification
from champions.notifications.service import unread_count, visible_to
from champions.timeutil import utcnow

PER_PAGE = 20


def _back_to_list():
    page = request.form.get("page", type=int) or 1
    unread_only = request.form.get("show") == "unread"
    return redirect(url_for("notifications.index", page=page if page > 1 else None,
                            show="unread" if unread_only else None))


@bp.get("/")
@login_required
def index():
    """The person's notifications they may still see, newest first, 20 a page."""
    unread_only = request.args.get("show") == "unread"
    query = visible_to(current_user)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    page = params.paginate(query, PER_PAGE)
    if page.page > 1 and not page.items:  # past the end (say, after marking the last ones read)
        return redirect(url_for("notifications.index", show="unread" if unread_only else None))
    return render_template("notifications/index.html", page=page, unread_only=unread_only,
                           unread=unread_count(current_user))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """Mark one notification as read."""
    item = db.session.get(Notification, notification_id)
    if item is None or not permissions.can(current_user, "notifications.mark_read", item):
        abort(404)
    if item.read_at is None:
        item.read_at = utcnow()
        db.session.commit()
    flash(f"Marked as read: {item.title}", "success")
    return _back_to_list()


@bp.post("/read-all")
@login_required
def mark_all_read():
    """Mark every unread notification of this person as read."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None),
               # Only what they can see now: one hidden meanwhile comes back unread if it is restored.
               permissions.label_clause(Notification.visibility, Notification.owner_id, current_user,
                                         Notification.access_group))
        .values(read_at=utcnow())
    )
    db.session.commit()
    count = result.rowcount or 0
    flash("All your notifications are marked as read." if count else "You had no unread notifications.",
          "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Choose how often to get email about notifications."""
    permissions.require("notifications.settings")
    form = SettingsForm(email_frequency=current_user.email_frequency)
    if form.validate_on_submit():
        current_user.email_frequency = form.email_frequency.data
        db.session.commit()
        flash(f"Your email setting is saved: {EMAIL_FREQUENCIES[form.email_frequency.data]}.", "success")
        return redirect(url_for("notifications.settings"))
    return _settings_page(form, _kinds_form())


def _kinds_form(formdata=None):
    choices = preferences.chosen(current_user)
    shown = kinds.for_role(current_user.role)
    current = {k.name: preferences.email_choice(current_user, k.name, choices) for k in shown}
    return kinds_form(shown, current, formdata)


def _settings_page(form, by_kind):
    return render_template("notifications/settings.html", form=form, by_kind=by_kind, hints=FREQUENCY_HINTS,
                           labels=EMAIL_FREQUENCIES)


@bp.post("/settings/kinds")
@login_required
def settings_kinds():
    """Choose, for each kind of notification, whether to get it by email at once, in the digest or not at all."""
    permissions.require("notifications.settings")
    by_kind = _kinds_form(request.form)
    if not by_kind.validate():
        return _settings_page(SettingsForm(email_frequency=current_user.email_frequency), by_kind), 400
    for item, field in by_kind.kind_fields:
        if field.data in kinds.EMAIL_CHOICES:
            preferences.choose(current_user, item.name, field.data)
    db.session.commit()
    flash("Your email choices for each kind of notification are saved.", "success")
    return redirect(url_for("notifications.settings", _anchor="by-kind"))


def _unsubscribe_target(token: str):
    found = preferences.read_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None or (found[1] != kinds.ALL and found[1] not in kinds.KINDS):
        abort(404)
    return user, found[1]


def _stop_label(kind: str) -> str:
    return "all email from the Hub" if kind == kinds.ALL else f"emails about: {kinds.kind(kind).label.lower()}"


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    """The link in each email: confirm stopping that kind of email (no sign-in needed: the link is signed)."""
    user, kind = _unsubscribe_target(token)
    return render_template("notifications/unsubscribe.html", token=token, what=_stop_label(kind), done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058 one-click: mail clients POST without a form token; the signed link is the proof
def unsubscribe_confirm(token: str):
    """Stop that kind of email (or all email, from a digest); in-app notifications carry on."""
    user, kind = _unsubscribe_target(token)
    if kind == kinds.ALL:
        preferences.stop_all(user)
    else:
        preferences.choose(user, kind, "none")
    db.session.commit()
    return render_template("notifications/unsubscribe.html", token=token, what=_stop_label(kind), done=True)
