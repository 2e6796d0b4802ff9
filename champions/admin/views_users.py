"""Admin: find users, see one, change their role, deactivate and reactivate them."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from champions import audit, permissions
from champions.admin import bp
from champions.admin.forms import RoleForm, UserSearchForm, organisation_choices
from champions.audit import AuditEvent
from champions.auth import emails, factors, oidc, passkeys, unconfirmed
from champions.auth.forms import ButtonForm
from champions.auth.models import User
from champions.extensions import db
from champions.params import paginate

PER_PAGE = 25


def _snapshot(user: User) -> dict:
    return {"role": user.role, "organisation_id": user.organisation_id, "active": user.active}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@bp.get("/users")
def users():
    """Search users by name or email; filter by role and status; paginated."""
    form = UserSearchForm(request.args)
    query = select(User).options(selectinload(User.organisation)).order_by(func.lower(User.display_name), User.id)
    if form.validate():
        if form.q.data and form.q.data.strip():
            pattern = f"%{_escape_like(form.q.data.strip())}%"
            query = query.where(or_(User.display_name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")))
        if form.role.data:
            query = query.where(User.role == form.role.data)
        if form.status.data == "active":
            query = query.where(User.is_member)
        elif form.status.data == "deactivated":
            query = query.where(User.active.is_(False))
        elif form.status.data == "unconfirmed":
            query = query.where(User.email_confirmed_at.is_(None))
    page = paginate(query, per_page=PER_PAGE)
    filters = {k: v for k, v in request.args.items() if k in ("q", "role", "status") and v}
    return render_template("admin/users.html", form=form, page=page, filters=filters)


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int):
    """One user's details, role form, activation buttons and recent audit history."""
    user = db.get_or_404(User, user_id)
    form = RoleForm(role=user.role, organisation=user.organisation_id)
    form.organisation.choices = organisation_choices()
    return _detail_page(user, form)


def _detail_page(user: User, form: RoleForm, status: int = 200):
    history = db.session.scalars(select(AuditEvent).options(selectinload(AuditEvent.actor)).where(
        AuditEvent.target_type == "user", AuditEvent.target_id == user.id,
    ).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(20)).all()
    second_step = {"totp": factors.totp_for(user) is not None, "passkeys": passkeys.count(user),
                   "sso": oidc.linked(user)}
    return render_template("admin/user_detail.html", user=user, form=form, history=history,
                           button=ButtonForm(), second_step=second_step), status


@bp.post("/users/<int:user_id>/role")
def change_role(user_id: int):
    """Change a user's role and organisation (never your own)."""
    user = db.get_or_404(User, user_id)
    if not permissions.can(current_user, "admin.change_role", user):
        abort(403)
    form = RoleForm()
    form.organisation.choices = organisation_choices()
    if not form.validate_on_submit():
        return _detail_page(user, form, 400)
    before = _snapshot(user)
    user.role, user.organisation_id = form.role.data, form.organisation.data
    if user.team is not None and user.team.organisation_id != user.organisation_id:
        user.team = None
    if _snapshot(user) != before:
        audit.record(current_user, "user.role_change", user, summary=f"Changed {user.email} to {user.role_label}",
                     before=before, after=_snapshot(user))
        db.session.commit()
        flash(f"{user.display_name} is now {user.role_label}.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int):
    """Deactivate an account: it cannot sign in and its sessions end at once."""
    user = db.get_or_404(User, user_id)
    if not permissions.can(current_user, "admin.deactivate", user):
        abort(403)
    before = _snapshot(user)
    user.active = False
    user.end_other_sessions("deactivated")
    audit.record(current_user, "user.deactivate", user, summary=f"Deactivated {user.email}",
                 before=before, after=_snapshot(user))
    db.session.commit()
    flash(f"{user.display_name}'s account is deactivated and they have been signed out.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/resend-confirmation")
def resend_confirmation(user_id: int):
    """Send an unconfirmed account a new confirmation link (the old one stops working)."""
    user = db.get_or_404(User, user_id)
    if not permissions.can(current_user, "admin.resend_confirmation", user):
        abort(403)
    emails.send_confirmation(user)
    audit.record(current_user, "user.resend_confirmation", user, summary=f"Sent {user.email} a new confirmation link")
    db.session.commit()
    flash(f"A new confirmation link has been sent to {user.email}. It expires in 48 hours.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/remove")
def remove_unconfirmed(user_id: int):
    """Remove an account whose email address was never confirmed (it cannot have written anything)."""
    user = db.get_or_404(User, user_id)
    if not permissions.can(current_user, "admin.remove_unconfirmed", user):
        abort(403)
    email = user.email
    if not unconfirmed.remove(user, current_user):
        flash(f"{email} cannot be removed because other records refer to it. Deactivate it instead.", "error")
        return redirect(url_for("admin.user_detail", user_id=user_id))
    db.session.commit()
    flash(f"The unconfirmed account for {email} has been removed.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reactivate")
def reactivate_user(user_id: int):
    """Reactivate an account so the person can sign in again."""
    user = db.get_or_404(User, user_id)
    if not permissions.can(current_user, "admin.reactivate", user):
        abort(403)
    before = _snapshot(user)
    user.active = True
    audit.record(current_user, "user.reactivate", user, summary=f"Reactivated {user.email}",
                 before=before, after=_snapshot(user))
    db.session.commit()
    flash(f"{user.display_name}'s account is active again.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-second-factor")
def reset_second_factor(user_id: int):
    """Remove someone's authenticator app, passkeys, recovery codes and remembered devices (they lost them)."""
    user = db.get_or_404(User, user_id)
    if not permissions.can(current_user, "admin.reset_second_factor", user) or not ButtonForm().validate_on_submit():
        abort(403)
    factors.remove_all(user)
    passkeys.remove_all(user)
    # Whoever has the phone may be signed in: end their sessions too.
    user.end_other_sessions("second_factor_reset")
    audit.record(current_user, "user.second_factor_reset", user,
                 summary=f"Reset the second sign-in step of {user.email}")
    emails.send_security_notice(user, (
        f"{current_user.display_name}, an administrator, has reset the second step of your sign-in: your "
        "authenticator app, passkeys and recovery codes no longer work, and you have been signed out. "
        "Set up a new authenticator app or passkey when you next sign in."))
    db.session.commit()
    flash(f"{user.display_name}'s second step has been reset and they have been signed out. They have been "
          "emailed.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))
