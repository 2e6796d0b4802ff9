"""Sign in and sign out; the shared page for an expired or used emailed link."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from champions.auth import bp, sessions, throttle
from champions.auth.forms import EmailOnlyForm, SignInForm
from champions.auth.models import User, normalise_email, password_hash_method
from champions.extensions import db, limiter
from champions.timeutil import utcnow

_DUMMY_HASHES: dict[str, str] = {}
FAILED_SIGN_IN = "Enter a correct email address and password. Check the password: capital letters matter."


def _dummy_hash() -> str:
    """A hash made the way real ones are, to check an unknown email's password against (same time spent)."""
    method = password_hash_method()
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password", method=method)
    return _DUMMY_HASHES[method]


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths: no scheme, no host, no '//' or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


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
            user.last_sign_in_at = utcnow()
            sessions.sign_in(user, remember=form.remember.data)
            db.session.commit()
            flash(f"Signed in as {user.display_name}.", "success")
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("main.home"))
    return render_template("auth/sign_in.html", form=form)


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
    sessions.end_current("sign_out")
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


def link_problem(purpose: str, token):
    """The page for a link that is unknown, expired, used or revoked, offering a new one."""
    status = token.status if token is not None else "unknown"
    return render_template("auth/link_problem.html", purpose=purpose, status=status,
                           form=EmailOnlyForm()), (404 if token is None else 410)
