"""Self-registration for council and HSCP staff, and confirming an email address."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user

from champions import audit
from champions.auth import bp, emails, tokens
from champions.auth.forms import ButtonForm, EmailOnlyForm, RegisterForm, team_choices
from champions.auth.models import Team, User, normalise_email
from champions.auth.views import link_problem
from champions.extensions import db, limiter
from champions.timeutil import utcnow

def _register_limit() -> str:
    return current_app.config.get("REGISTER_LIMIT_PER_IP", "10 per hour")


def _resend_limit() -> str:
    return current_app.config.get("RESEND_CONFIRMATION_LIMIT_PER_IP", "10 per hour")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    """Create a practitioner account with a work email; a link confirms the address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    form.team.choices = team_choices()
    if form.validate_on_submit():
        existing = User.by_email(form.email.data)
        if existing is None:
            _create_account(form)
        elif existing.email_confirmed_at is None and existing.active:
            emails.send_confirmation(existing)
        else:
            # The page must not tell a stranger the account exists: its owner hears by email instead.
            emails.send_registration_attempt(existing)
        db.session.commit()
        session["pending_email"] = normalise_email(form.email.data)
        return redirect(url_for("auth.check_email"))
    return render_template("auth/register.html", form=form)


def _create_account(form) -> User:
    """The new practitioner account, unconfirmed, and its confirmation email."""
    team = db.session.get(Team, form.team.data) if form.team.data else None
    user = User(email=normalise_email(form.email.data), display_name=form.display_name.data.strip(),
                job_title=(form.job_title.data or "").strip(), role="practitioner", team=team,
                organisation=team.organisation if team else None)
    user.set_password(form.password.data)
    db.session.add(user)
    db.session.flush()
    emails.send_confirmation(user)
    audit.record(user, "user.register", user, summary=f"{user.email} registered",
                 after={"email": user.email, "role": user.role})
    return user


@bp.get("/check-email")
def check_email():
    """Tell the person to look for the confirmation email."""
    return render_template("auth/check_email.html", email=session.get("pending_email", ""), form=EmailOnlyForm(
        email=session.get("pending_email", "")))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """Confirm an email address. GET shows a button, so email scanners that open links change nothing."""
    found = tokens.find(tokens.CONFIRM_EMAIL, token)
    if found is None or not found.is_usable:
        if found is not None and found.user and found.user.email_confirmed_at and found.status == "accepted":
            flash("Your email address is already confirmed. Sign in.", "info")
            return redirect(url_for("auth.sign_in"))
        return link_problem(tokens.CONFIRM_EMAIL, found)
    form = ButtonForm()
    if form.validate_on_submit():
        if not tokens.claim(found):
            return link_problem(tokens.CONFIRM_EMAIL, found)
        found.user.email_confirmed_at = utcnow()
        audit.record(found.user, "user.confirm_email", found.user, summary=f"{found.user.email} confirmed")
        db.session.commit()
        flash("Your email address is confirmed. You can now sign in.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/confirm.html", user=found.user, form=form)


@bp.post("/confirm/resend")
@limiter.limit(_resend_limit)
def resend_confirmation():
    """Send a new confirmation link; says the same thing whether or not the account exists."""
    form = EmailOnlyForm()
    if not form.validate_on_submit():
        return render_template("auth/check_email.html", email="", form=form), 400
    user = User.by_email(form.email.data)
    if user is not None and user.email_confirmed_at is None and user.active:
        emails.send_confirmation(user)
        db.session.commit()
    session["pending_email"] = normalise_email(form.email.data)
    flash("If that account is waiting for confirmation, we have sent a new link. It expires in 48 hours.", "success")
    return redirect(url_for("auth.check_email"))
