"""Passkeys and security keys: register, name and remove them; use one as the second step of signing in.

The browser side is static/js/passkeys.js (WebAuthn has no form-only fallback: without JavaScript the
authenticator app and recovery codes still work). JSON requests carry the CSRF token in X-CSRFToken.
"""
from __future__ import annotations

from flask import flash, jsonify, redirect, request, session, url_for
from flask_login import current_user, login_required

from champions import audit, permissions
from champions.auth import bp, emails, factors, passkeys, two_step
from champions.auth.forms import ButtonForm, PasskeyNameForm
from champions.auth.two_step import CONFIRM_FIRST, confirm_first
from champions.auth.views_security import may_remove_last, security_page, tidy_if_none_left
from champions.auth.views_two_step import AFTER_CODES, CODES, TIMED_OUT
from champions.extensions import db


def _json_problem(message: str, status: int = 400):
    return jsonify({"error": message}), status


@bp.post("/passkeys/options")
def passkey_registration_options():
    """Options for creating a passkey: for you when signed in, or while setting up your second step."""
    user, _ = two_step.who()
    if user is None:
        return _json_problem(TIMED_OUT, 401)
    return passkeys.registration_options(user), 200, {"Content-Type": "application/json"}


@bp.post("/passkeys")
def add_passkey():
    """Check and save a new passkey; the first factor also brings recovery codes."""
    user, pending = two_step.who()
    if user is None:
        return _json_problem(TIMED_OUT, 401)
    if pending and two_step.has_factor(user):
        return _json_problem("Finish signing in with the second step you already have.", 403)
    if not pending and two_step.needs_confirming(user):
        return _json_problem(CONFIRM_FIRST + " Use the link on this page.", 403)
    data = request.get_json(silent=True) or {}
    form = PasskeyNameForm(data={"name": data.get("name") or "Passkey"}, meta={"csrf": False})
    if not form.validate():
        return _json_problem(form.name.errors[0])
    first = not two_step.has_factor(user)
    try:
        record = passkeys.register(user, data.get("credential") or {}, form.name.data)
    except passkeys.PasskeyError as problem:
        return _json_problem(str(problem))
    audit.record(user, "user.passkey_add", user, summary=f"{user.email} added the passkey \u201c{record.name}\u201d")
    emails.send_security_notice(user, f"A passkey called \u201c{record.name}\u201d was added to your account.")
    next_url = url_for("auth.security")
    if first:
        session[CODES] = factors.new_recovery_codes(user)
        next_url = url_for("auth.recovery_codes")
    if pending:
        session[AFTER_CODES] = (session.get(two_step.PENDING) or {}).get("next", "")
        response = two_step.finish(user, next_url=next_url, message="Your passkey is set up and you are signed in.")
        return jsonify({"redirect": response.location})
    db.session.commit()
    flash(f"The passkey \u201c{record.name}\u201d has been added.", "success")
    return jsonify({"redirect": next_url})


def _own_passkey_or_404(passkey_id: int) -> passkeys.WebAuthnCredential:
    # another person's passkey is not there, as far as you can tell
    return permissions.get_or_404(passkeys.WebAuthnCredential, passkey_id, "auth.manage_passkey")


@bp.post("/passkeys/<int:passkey_id>/rename")
@login_required
def rename_passkey(passkey_id: int):
    """Give a passkey a name you will recognise."""
    record = _own_passkey_or_404(passkey_id)
    form = PasskeyNameForm()
    if not form.validate_on_submit():
        if not form.name.errors:  # the form had expired: say so on the field, keep what was typed
            form.name.errors = ["The form had expired. Check the name and rename it again"]
        return security_page(renaming=record, name_form=form)
    before, record.name = record.name, form.name.data.strip()
    audit.record(current_user, "user.passkey_rename", current_user, summary=f"Renamed a passkey to \u201c{record.name}\u201d",
                 before={"name": before}, after={"name": record.name})
    db.session.commit()
    flash(f"The passkey is now called \u201c{record.name}\u201d.", "success")
    return redirect(url_for("auth.security"))


@bp.post("/passkeys/<int:passkey_id>/remove")
@login_required
def remove_passkey(passkey_id: int):
    """Remove a passkey (not your last second factor when your role requires one)."""
    record = _own_passkey_or_404(passkey_id)
    user = current_user._get_current_object()
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("auth.security"))
    waiting = confirm_first(user)
    if waiting:
        return waiting
    if not may_remove_last(user, removing_passkey=True):
        flash("Your role needs a second step when you sign in with a password. Set up an authenticator app or "
              "another passkey before you remove this one.", "error")
        return redirect(url_for("auth.security"))
    name = record.name
    db.session.delete(record)
    db.session.flush()
    tidy_if_none_left(user)
    audit.record(user, "user.passkey_remove", user, summary=f"{user.email} removed the passkey \u201c{name}\u201d")
    emails.send_security_notice(user, f"The passkey called \u201c{name}\u201d was removed from your account.")
    db.session.commit()
    flash(f"The passkey \u201c{name}\u201d has been removed.", "success")
    return redirect(url_for("auth.security"))


@bp.post("/two-step/passkey/options")
def passkey_sign_in_options():
    """Options for using one of your passkeys as the second step."""
    user = two_step.pending_user()
    if user is None:
        return _json_problem(TIMED_OUT, 401)
    return passkeys.authentication_options(user), 200, {"Content-Type": "application/json"}


@bp.post("/two-step/passkey")
def passkey_sign_in():
    """Check the passkey's answer and finish signing in."""
    user = two_step.pending_user()
    if user is None:
        return _json_problem(TIMED_OUT, 401)
    wait = two_step.wait_seconds(user)
    if wait:
        return _json_problem("Too many attempts. Try again later.", 429)
    data = request.get_json(silent=True) or {}
    try:
        passkeys.authenticate(user, data.get("credential") or {})
    except passkeys.PasskeyError as problem:
        two_step.record_failure(user, "passkey")
        db.session.commit()
        return _json_problem(str(problem))
    two_step.clear_failures(user)
    device = factors.remember_device(user) if data.get("remember_device") else None
    response = two_step.finish(user)
    if device:
        two_step.set_device_cookie(response, device)
    body = jsonify({"redirect": response.location})
    for cookie in response.headers.getlist("Set-Cookie"):
        body.headers.add("Set-Cookie", cookie)
    return body
