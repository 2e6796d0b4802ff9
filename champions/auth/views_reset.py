"""Password reset by an emailed link (1 hour, single use)."""
from __future__ import annotations

from flask import current_app, flash, render_template

from champions import audit
from champions.auth import bp, emails, oidc, throttle, tokens, two_step
from champions.auth.forms import EmailOnlyForm, NewPasswordForm
from champions.auth.models import User
from champions.auth.views import link_problem
from champions.extensions import db, limiter
from champions.timeutil import utcnow

SENT = "If an account exists for that email address, we have sent a link to reset the password. It expires in 1 hour."


def _forgot_limit() -> str:
    return current_app.config.get("FORGOT_PASSWORD_LIMIT_PER_IP", "10 per hour")


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_forgot_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    form = EmailOnlyForm()
    if form.validate_on_submit():
        if oidc.sso_only(form.email.data):
            # Said for the whole domain, so it tells nothing about whether an account exists.
            form.email.errors.append(f"Staff with {oidc.domain_of(form.email.data)} addresses have no Hub "
                                     f"password: use the \u201c{oidc.label()}\u201d button on the sign-in page")
            return render_template("auth/forgot_password.html", form=form)
        user = User.by_email(form.email.data)
        if user is not None and user.active:
            emails.send_password_reset(user)
            db.session.commit()
        return render_template("auth/forgot_password_sent.html", email=form.email.data, message=SENT)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password; every other session ends and this browser is signed in."""
    found = tokens.find(tokens.PASSWORD_RESET, token)
    if found is None or not found.is_usable or found.user is None or not found.user.active:
        return link_problem(tokens.PASSWORD_RESET, found)
    user = found.user
    form = NewPasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        if not tokens.claim(found):
            return link_problem(tokens.PASSWORD_RESET, found)
        user.set_password(form.password.data)
        user.end_other_sessions("password_reset")
        throttle.unlock(user)
        # The link arrived by email, so it also proves the address.
        user.email_confirmed_at = user.email_confirmed_at or utcnow()
        user.last_sign_in_at = utcnow()
        emails.send_password_changed(user)
        audit.record(user, "user.password_reset", user, summary=f"{user.email} reset their password")
        db.session.commit()
        flash("Your password has been changed. Any other devices have been signed out.", "success")
        # The emailed link proves the inbox, not the second factor: that step still follows.
        return two_step.after_password(user)
    return render_template("auth/reset_password.html", form=form, user=user)
