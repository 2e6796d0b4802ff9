"""Admin: invite people by email with a role and organisation; resend and revoke invitations."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from champions import audit
from champions.admin import bp
from champions.admin.forms import InvitationForm, organisation_choices
from champions.auth import emails, tokens
from champions.auth.forms import ButtonForm
from champions.auth.models import Organisation, User, normalise_email
from champions.auth.tokens import AccountToken
from champions.extensions import db
from champions.timeutil import utcnow
from champions.params import paginate

PER_PAGE = 25
STATUSES = ("pending", "accepted", "expired", "revoked")


def _invitation_or_404(invitation_id: int) -> AccountToken:
    invitation = db.session.get(AccountToken, invitation_id)
    if invitation is None or invitation.purpose != tokens.INVITATION:
        abort(404)
    return invitation


def _describe(invitation: AccountToken) -> dict:
    return {"email": invitation.email, "role": invitation.role, "organisation_id": invitation.organisation_id,
            "status": invitation.status}


@bp.get("/invitations")
def invitations():
    """The invitation form, and invitations by status (pending, accepted, expired, revoked)."""
    form = InvitationForm()
    form.organisation.choices = organisation_choices("Choose an organisation")
    return _list_page(form)


def _list_page(form: InvitationForm, status_code: int = 200):
    status = request.args.get("status", "pending")
    status = status if status in STATUSES else "pending"
    query = select(AccountToken).options(selectinload(AccountToken.organisation), selectinload(AccountToken.created_by)) \
        .where(AccountToken.purpose == tokens.INVITATION, tokens.status_clause(status)) \
        .order_by(AccountToken.sent_at.desc(), AccountToken.id.desc())
    page = paginate(query, per_page=PER_PAGE)
    return render_template("admin/invitations.html", form=form, page=page, status=status, statuses=STATUSES,
                           button=ButtonForm()), status_code


@bp.post("/invitations")
def invite():
    """Send an invitation (expires in 7 days)."""
    form = InvitationForm()
    form.organisation.choices = organisation_choices("Choose an organisation")
    if form.validate_on_submit() and _email_is_free(form):
        organisation = db.session.get(Organisation, form.organisation.data) if form.organisation.data else None
        invitation, raw = tokens.issue(tokens.INVITATION, email=normalise_email(form.email.data),
                                       role=form.role.data, organisation=organisation, created_by=current_user)
        db.session.flush()
        emails.send_invitation(invitation, raw)
        audit.record(current_user, "invitation.create", invitation, summary=f"Invited {invitation.email}",
                     after=_describe(invitation))
        db.session.commit()
        flash(f"Invitation sent to {invitation.email}. It expires in 7 days.", "success")
        return redirect(url_for("admin.invitations"))
    return _list_page(form, 400)


def _email_is_free(form: InvitationForm) -> bool:
    """No account and no pending invitation for this email already."""
    email = normalise_email(form.email.data)
    if User.by_email(email):
        form.email.errors.append("There is already an account with this email address")
        return False
    pending = db.session.scalar(select(AccountToken.id).where(
        AccountToken.purpose == tokens.INVITATION, AccountToken.email == email, tokens.status_clause("pending")))
    if pending:
        form.email.errors.append("This email address already has a pending invitation: resend it from the list")
        return False
    return True


@bp.post("/invitations/<int:invitation_id>/resend")
def resend_invitation(invitation_id: int):
    """Send the invitation again with a new link and a fresh 7 days (the old link stops working)."""
    invitation = _invitation_or_404(invitation_id)
    if invitation.used_at is not None or User.by_email(invitation.email):
        flash("That invitation has been accepted, so it cannot be sent again.", "error")
        return redirect(url_for("admin.invitations", status="accepted"))
    before = _describe(invitation)
    invitation.revoked_at = None
    raw = invitation.renew()
    emails.send_invitation(invitation, raw)
    audit.record(current_user, "invitation.resend", invitation, summary=f"Resent the invitation to {invitation.email}",
                 before=before, after=_describe(invitation))
    db.session.commit()
    flash(f"Invitation sent again to {invitation.email}. The new link expires in 7 days.", "success")
    return redirect(url_for("admin.invitations"))


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke_invitation(invitation_id: int):
    """Withdraw a pending invitation: its link stops working."""
    invitation = _invitation_or_404(invitation_id)
    if invitation.status != "pending":
        flash("Only a pending invitation can be withdrawn.", "error")
        return redirect(url_for("admin.invitations", status=invitation.status))
    before = _describe(invitation)
    invitation.revoked_at = utcnow()
    audit.record(current_user, "invitation.revoke", invitation, summary=f"Withdrew the invitation to {invitation.email}",
                 before=before, after=_describe(invitation))
    db.session.commit()
    flash(f"The invitation to {invitation.email} has been withdrawn.", "success")
    return redirect(url_for("admin.invitations"))
