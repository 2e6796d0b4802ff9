"""Sign in and sign out; the shared page for an expired or used emailed link."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from champions.auth import bp, oidc, sessions, throttle, two_step
from champions.auth.forms import EmailOnlyForm, SignInForm
from champions.auth.models import User, normalise_email, password_hash_method
from champions.extensions import db, limiter

_DUMMY_HASHES: dict[str, str] = {}
FAILED_SIGN_IN = "Enter a correct email address and password. Check the password: capital letters matter."


def _dummy_hash() -> str:
    """A hash made the way real ones are, to check an unknown email's password against (same time spent)."""
    method = password_hash_method()
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password", method=method)
    return _DUMMY_HASHES[method]


def _ip_limit() -> str:
    return current_app.config.get("SIGN_IN_LIMIT_PER_IP", "50 per 15 minutes")


def _failed(response) -> bool:
    """Only failed attempts count towards the limits: colleagues behind one office address all sign in at 9am."""
    return response.status_code != 302


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"], deduct_when=_failed)
def sign_in():
    """Show the sign-in form and sign the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        if oidc.sso_only(email):
            form.email.errors.append(f"Staff with {oidc.domain_of(email)} addresses sign in with the "
                                     f"\u201c{oidc.label()}\u201d button")
            return _sign_in_page(form)
        wait = throttle.wait_seconds(email)
        if wait:
            return _too_many_attempts(wait)
        user = User.by_email(email)
        if user is None:
            # Spend the same time on an unknown email as on a wrong password.
            check_password_hash(_dummy_hash(), form.password.data)
        if user is None or not user.check_password(form.password.data):
            throttle.record_failure(email, user)
            db.session.commit()
            form.password.errors.append(FAILED_SIGN_IN)
        elif user.sign_in_locked_at is not None:
            return _too_many_attempts(None)
        elif not user.active:
            # Only someone who knows the password learns the account is deactivated.
            form.form_errors.append("Your account has been deactivated. Ask an administrator if you need it back.")
        elif user.email_confirmed_at is None:
            return render_template("auth/unconfirmed.html", email=user.email, form=EmailOnlyForm(email=user.email))
        else:
            throttle.record_success(email)
            return two_step.after_password(user, remember=form.remember.data, next_url=form.next.data)
    return _sign_in_page(form)


def _sign_in_page(form):
    """The sign-in form, with the council's single sign-on button when it is configured."""
    return render_template("auth/sign_in.html", form=form, sso_label=oidc.label() if oidc.enabled() else None)


def _too_many_attempts(wait: int | None):
    """The 'too many attempts' page, offering a reset link (which also lifts an account lock)."""
    if wait is None:
        when = "Reset your password by email to sign in again."
    elif wait < 60:
        when = f"Try again in {wait} second{'s' if wait != 1 else ''}."
    else:
        minutes = -(-wait // 60)
        when = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    headers = {"Retry-After": str(wait)} if wait else {}
    return render_template("auth/too_many_attempts.html", when=when), 429, headers


@bp.post("/sign-out")
@login_required
def sign_out():
    """Sign out (POST only, with a CSRF token): the session ends server-side, so copies of the cookie stop too."""
    id_token = sessions.current_id_token()
    sessions.end_current("sign_out")
    logout_user()
    provider = oidc.logout_url(id_token)
    flash("You have signed out.", "success")
    # Signed in through the council's provider: end that session too, where the provider supports it.
    return redirect(provider or url_for("auth.sign_in"))


def link_problem(purpose: str, token):
    """The page for a link that is unknown, expired, used or revoked, offering a new one."""
    status = token.status if token is not None else "unknown"
    return render_template("auth/link_problem.html", purpose=purpose, status=status,
                           form=EmailOnlyForm()), (404 if token is None else 410)
