"""An admin erases a leaver's personal data, after a confirmation."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.mydata import bp
from champions.mydata.erase import erase


class EraseForm(FlaskForm):
    """The confirmation: erasing cannot be undone."""

    confirm = BooleanField("I understand this cannot be undone",
                           validators=[InputRequired("Confirm you understand this cannot be undone")])


@bp.route("/erase/<int:user_id>", methods=["GET", "POST"])
@login_required
def erase_person(user_id: int):
    """Confirm, then erase: name and email replaced, private data removed, posts kept, the audit log told."""
    person = db.session.get(User, user_id)
    if person is None:
        permissions.require("mydata.erase_any")
        abort(404)
    permissions.require("mydata.erase", person)
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template("mydata/erase.html", form=form, person=person)
    erase(person, current_user)
    db.session.commit()
    flash("Their personal data is erased. Their posts remain, under ‘Former member of staff’.", "success")
    return redirect(url_for("admin.index"))
