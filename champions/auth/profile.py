"""Your profile: your details, editing them, and changing your password."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user

from champions import audit
from champions.auth import bp, emails, sessions, tokens
from champions.auth.forms import ChangePasswordForm, ProfileForm, team_choices, to_choices
from champions.auth.models import Team
from champions.extensions import db


def _profile_team_choices() -> list:
    """Your organisation's teams; council teams when you have none, unless you are a partner."""
    user = current_user
    if user.organisation_id:
        return team_choices(user.organisation_id)
    # Picking a council team would attach a partner to a council organisation.
    return to_choices([("", "No team")]) if user.is_partner else team_choices()


@bp.get("/profile")
@login_required
def profile():
    """Your details and the links to change them."""
    return render_template("auth/profile.html", user=current_user)


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit_profile():
    """Change your name, job title and team."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=user, team=user.team_id)
    form.team.choices = _profile_team_choices()
    if form.validate_on_submit():
        before = {"display_name": user.display_name, "job_title": user.job_title, "team_id": user.team_id}
        user.display_name = form.display_name.data.strip()
        user.job_title = (form.job_title.data or "").strip()
        team = db.session.get(Team, form.team.data) if form.team.data else None
        user.team = team
        if team is not None and user.organisation_id is None:
            user.organisation = team.organisation
        after = {"display_name": user.display_name, "job_title": user.job_title, "team_id": user.team_id}
        if before != after:
            audit.record(user, "user.profile_edit", user, summary=f"{user.email} edited their profile",
                         before=before, after=after)
        db.session.commit()
        flash("Your details have been saved.", "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/edit_profile.html", form=form)


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password: other sessions end, this one stays signed in."""
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.account_email = user.email
    if form.validate_on_submit():
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            user.set_password(form.password.data)
            user.end_other_sessions("password_change")
            # A reset link asked for earlier must not undo the password just chosen.
            tokens.revoke_pending(tokens.PASSWORD_RESET, user)
            emails.send_password_changed(user)
            audit.record(user, "user.password_change", user, summary=f"{user.email} changed their password")
            # Every session ended, this one included: this browser carries on in a new one.
            remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            sessions.sign_in(user, remember=remember_cookie in request.cookies)
            db.session.commit()
            flash("Your password has been changed. Any other devices where you were signed in have been signed out.",
                  "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/change_password.html", form=form)


@bp.post("/profile/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session and remember-me cookie for this person, on every device, this one included."""
    user = current_user._get_current_object()
    user.end_other_sessions("sign_out_everywhere")
    audit.record(user, "user.sign_out_everywhere", user, summary=f"{user.email} signed out on every device")
    db.session.commit()
    logout_user()
    flash("You have been signed out on every device, including this one.", "success")
    return redirect(url_for("auth.sign_in"))
