"""Accepting an invitation: the invitee sets their name, job title, team and password."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, logout_user

from champions import audit
from champions.auth import bp, sessions, tokens, two_step
from champions.auth.forms import AcceptInvitationForm, team_choices, to_choices
from champions.auth.models import Team, User
from champions.auth.views import link_problem
from champions.extensions import db
from champions.timeutil import utcnow


@bp.route("/accept/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Create the invited account, confirmed, with the role and organisation the admin chose."""
    invitation = tokens.find(tokens.INVITATION, token)
    if invitation is None or not invitation.is_usable:
        return link_problem(tokens.INVITATION, invitation)
    if User.by_email(invitation.email):
        flash("An account with this email already exists. Sign in or reset your password.", "info")
        return redirect(url_for("auth.sign_in"))
    form = AcceptInvitationForm()
    form.account_email = invitation.email
    form.team.choices = team_choices(invitation.organisation_id) if invitation.organisation_id else to_choices([("", "No team")])
    if form.validate_on_submit():
        if not tokens.claim(invitation):
            return link_problem(tokens.INVITATION, invitation)
        user = _create_user(invitation, form)
        if current_user.is_authenticated:
            sessions.end_current("sign_out")
            logout_user()
        db.session.commit()
        flash(f"Welcome to the Hub, {user.display_name}. Your account is ready.", "success")
        # A champion or admin invitee sets up their second step before the first sign-in completes.
        return two_step.after_password(user)
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


def _create_user(invitation, form) -> User:
    """Make the account from the invitation and the form, and commit."""
    team = db.session.get(Team, form.team.data) if form.team.data else None
    now = utcnow()
    user = User(email=invitation.email, display_name=form.display_name.data.strip(),
                job_title=(form.job_title.data or "").strip(), role=invitation.role,
                organisation_id=invitation.organisation_id, team=team,
                email_confirmed_at=now, last_sign_in_at=now)
    user.set_password(form.password.data)
    db.session.add(user)
    invitation.user = user
    db.session.flush()
    audit.record(user, "invitation.accept", user, summary=f"{user.email} accepted an invitation as {user.role_label}",
                 after={"email": user.email, "role": user.role, "organisation_id": user.organisation_id})
    db.session.commit()
    return user
