"""The second step of signing in with a Hub password, and setting up an authenticator app."""
from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user

from champions import audit
from champions.auth import bp, emails, factors, passkeys, two_step
from champions.auth.forms import SecondFactorForm, SetUpAuthenticatorForm
from champions.extensions import db

SETUP = "totp_setup"
CODES = "recovery_codes_once"
AFTER_CODES = "after_recovery_codes"
TIMED_OUT = "Your sign-in timed out before it was finished. Sign in again."


def _timed_out():
    flash(TIMED_OUT, "info")
    return redirect(url_for("auth.sign_in"))


def _too_many(wait: int):
    minutes = -(-wait // 60)
    when = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    return render_template("auth/too_many_codes.html", when=when), 429, {"Retry-After": str(wait)}


@bp.route("/two-step", methods=["GET", "POST"])
def second_step():
    """Ask for a code from the authenticator app (or a recovery code, or a passkey) after the password."""
    user = two_step.pending_user()
    if user is None:
        return _timed_out()
    if not two_step.has_factor(user):
        return redirect(url_for("auth.set_up_authenticator"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        wait = two_step.wait_seconds(user)
        if wait:
            return _too_many(wait)
        result = _check(user, form.code.data)
        if result in ("ok", "recovery"):
            return _passed(user, result == "recovery", form.remember_device.data)
        two_step.record_failure(user, "sign-in")
        db.session.commit()
        form.code.errors.append(
            "That code has already been used. Wait for your app to show a new code, then enter it"
            if result == "reused" else
            "The code is not correct. Enter the 6-digit code your authenticator app shows now, or a recovery code")
    return render_template("auth/two_step.html", form=form, user=user,
                           has_totp=factors.totp_for(user) is not None, has_passkeys=passkeys.count(user) > 0)


def _passed(user, with_recovery_code: bool, remember_device: bool):
    """The second step passed: sign in, and remember this browser when asked."""
    two_step.clear_failures(user)
    message = ""
    if with_recovery_code:
        left = factors.recovery_codes_left(user)
        audit.record(user, "user.recovery_code_used", user,
                     summary=f"{user.email} signed in with a recovery code ({left} left)")
        message = (f"Signed in with a recovery code. You have {left} left: if you have lost your phone, "
                   "set up your authenticator app again.")
    device = factors.remember_device(user) if remember_device else None
    response = two_step.finish(user, message=message)
    if device:
        two_step.set_device_cookie(response, device)
    return response


def _check(user, code: str) -> str:
    cleaned = factors.clean_code(code)
    if len(cleaned) == 6 and cleaned.isdigit():
        return factors.check_totp(user, code)
    return "recovery" if factors.use_recovery_code(user, code) else "wrong"


@bp.route("/two-step/set-up", methods=["GET", "POST"])
def set_up_authenticator():
    """Set up an authenticator app: scan the QR code (or type the key), then confirm with one code."""
    user, pending = two_step.who()
    if user is None:
        return _timed_out()
    if pending and two_step.has_factor(user):
        return redirect(url_for("auth.second_step"))  # prove the factor you have before adding another
    if not pending:
        waiting = two_step.confirm_first(user, back=url_for("auth.set_up_authenticator"))
        if waiting:
            return waiting
    saved = session.get(SETUP) or {}
    secret = factors.decrypt(saved["secret"]) if saved.get("user_id") == user.id and saved.get("secret") else None
    if secret is None:
        secret = factors.new_secret()
        session[SETUP] = {"user_id": user.id, "secret": factors.encrypt(secret)}
    form = SetUpAuthenticatorForm()
    if form.validate_on_submit():
        # Wrong codes here count with those at sign-in: one limit per account on guessing codes.
        wait = two_step.wait_seconds(user)
        if wait:
            return _too_many(wait)
        step = factors.code_matches_secret(secret, form.code.data)
        if step is not None:
            two_step.clear_failures(user)
            return _enrolled(user, secret, step, pending)
        two_step.record_failure(user, "set-up")
        db.session.commit()
        form.code.errors.append("The code is not correct. Enter the 6-digit code the app shows now for "
                                "SDS Champions Hub")
    uri = factors.provisioning_uri(secret, user.email)
    return render_template("auth/set_up_authenticator.html", form=form, user=user, pending=pending,
                           required=two_step.required(user), qr=factors.qr_svg(uri), secret=factors.grouped(secret),
                           replacing=factors.totp_for(user) is not None)


def _enrolled(user, secret: str, step: int, pending: bool):
    """Save the app, make recovery codes, tell the person, and show the codes once."""
    replacing = factors.totp_for(user) is not None
    factors.enrol_totp(user, secret, step)
    session.pop(SETUP, None)
    codes = factors.new_recovery_codes(user)
    audit.record(user, "user.authenticator_replace" if replacing else "user.authenticator_add", user,
                 summary=f"{user.email} {'replaced' if replacing else 'set up'} their authenticator app")
    emails.send_security_notice(user, "An authenticator app was set up for your account." if not replacing
                                else "Your account's authenticator app was replaced by a new one.")
    session[CODES] = codes
    if pending:
        note = session.get(two_step.PENDING) or {}
        session[AFTER_CODES] = note.get("next", "")
        return two_step.finish(user, next_url=url_for("auth.recovery_codes"),
                               message="Your authenticator app is set up and you are signed in.")
    db.session.commit()
    flash("Your authenticator app is set up.", "success")
    return redirect(url_for("auth.recovery_codes"))


def show_codes_next(codes: list[str]):
    """Keep new recovery codes for the one page that shows them."""
    session[CODES] = codes
    return redirect(url_for("auth.recovery_codes"))


@bp.get("/two-step/recovery-codes")
def recovery_codes():
    """Show new recovery codes, once: they are stored only as hashes."""
    if not current_user.is_authenticated:
        return _timed_out()
    codes = session.pop(CODES, None)
    target = two_step.safe_next(session.pop(AFTER_CODES)) if AFTER_CODES in session else url_for("auth.security")
    return render_template("auth/recovery_codes.html", codes=codes, continue_url=target)
