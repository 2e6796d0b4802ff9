"""Your sign-in settings: the authenticator app, recovery codes, passkeys and remembered devices."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from champions import audit
from champions.auth import bp, emails, factors, passkeys, throttle, two_step
from champions.auth.forms import ButtonForm, ConfirmPasswordForm, PasskeyNameForm
from champions.auth.views_two_step import show_codes_next
from champions.extensions import db


@bp.route("/security/confirm", methods=["GET", "POST"])
@login_required
def confirm_password():
    """Type the password again (failures count as failed sign-ins), then carry on with the change."""
    user = current_user._get_current_object()
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        if throttle.wait_seconds(user.email):
            form.password.errors.append("Too many wrong passwords. Wait a few minutes, then try again")
        elif user.check_password(form.password.data):
            throttle.record_success(user.email)
            two_step.mark_confirmed()
            return redirect(two_step.safe_next(request.args.get("next")))
        else:
            throttle.record_failure(user.email, user)
            db.session.commit()
            form.password.errors.append("The password is not correct")
    return render_template("auth/confirm_password.html", form=form)


@bp.get("/security")
@login_required
def security():
    """What protects your account, and the buttons to change it."""
    return security_page()


def security_page(renaming=None, name_form=None):
    """The sign-in settings page; with `renaming` (a passkey) and its `name_form`, that rename's error shown
    on its field, with the name as typed."""
    user = current_user._get_current_object()
    totp, keys, required = factors.totp_for(user), passkeys.for_user(user), two_step.required(user)
    return render_template("auth/security.html", user=user, totp=totp,
                           codes_left=factors.recovery_codes_left(user), passkeys=keys,
                           required=required, button=ButtonForm(), name_form=name_form or PasskeyNameForm(),
                           renaming=renaming,
                           may_remove_totp=_leaves_one(required, False, len(keys)),
                           may_remove_passkey=_leaves_one(required, totp is not None, len(keys) - 1),
                           needs_confirming=two_step.needs_confirming(user)), 400 if renaming else 200


@bp.post("/security/recovery-codes")
@login_required
def new_recovery_codes():
    """Make ten new recovery codes; the old ones stop working."""
    user = current_user._get_current_object()
    if not ButtonForm().validate_on_submit() or not two_step.has_factor(user):
        flash("Set up an authenticator app or a passkey first: recovery codes stand in for them.", "error")
        return redirect(url_for("auth.security"))
    waiting = two_step.confirm_first(user)
    if waiting:
        return waiting
    codes = factors.new_recovery_codes(user)
    audit.record(user, "user.recovery_codes_new", user, summary=f"{user.email} made new recovery codes")
    emails.send_security_notice(user, "New recovery codes were made for your account. The old ones no longer work.")
    db.session.commit()
    return show_codes_next(codes)


def may_remove_last(user, removing_totp: bool = False, removing_passkey: bool = False) -> bool:
    """False when this would leave someone whose role requires a second factor with none."""
    if not two_step.required(user):
        return True
    return _leaves_one(True, factors.totp_for(user) is not None and not removing_totp,
                       passkeys.count(user) - (1 if removing_passkey else 0))


def _leaves_one(required: bool, totp_left: bool, passkeys_left: int) -> bool:
    """The rule of may_remove_last, on what is already loaded (the security page has both)."""
    return not required or totp_left or passkeys_left > 0


def tidy_if_none_left(user) -> None:
    """With no factor left, recovery codes and remembered devices mean nothing: remove them too."""
    if not two_step.has_factor(user):
        factors.remove_all(user)


@bp.post("/security/authenticator/remove")
@login_required
def remove_authenticator():
    """Stop using the authenticator app (not when your role requires it and you have no passkey)."""
    user = current_user._get_current_object()
    if not ButtonForm().validate_on_submit() or factors.totp_for(user) is None:
        return redirect(url_for("auth.security"))
    waiting = two_step.confirm_first(user)
    if waiting:
        return waiting
    if not may_remove_last(user, removing_totp=True):
        flash("Your role needs a second step when you sign in with a password. Add a passkey, or set up a new "
              "app instead, before you remove this one.", "error")
        return redirect(url_for("auth.security"))
    db.session.delete(factors.totp_for(user))
    db.session.flush()
    tidy_if_none_left(user)
    audit.record(user, "user.authenticator_remove", user, summary=f"{user.email} removed their authenticator app")
    emails.send_security_notice(user, "The authenticator app was removed from your account.")
    db.session.commit()
    flash("Your authenticator app has been removed.", "success")
    return redirect(url_for("auth.security"))


@bp.post("/security/devices/forget")
@login_required
def forget_devices():
    """Ask for the second step again on every device that was remembered."""
    user = current_user._get_current_object()
    if ButtonForm().validate_on_submit():
        forgotten = factors.forget_devices(user)
        audit.record(user, "user.trusted_devices_forget", user,
                     summary=f"{user.email} forgot {forgotten} remembered device{'s' if forgotten != 1 else ''}")
        db.session.commit()
        flash("Every device will ask for the second step at your next sign-in.", "success")
    return redirect(url_for("auth.security"))
