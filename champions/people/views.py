"""Profiles: click a name anywhere to see who the person is and what they have shared."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.people import bp, profile
from champions.people.names import where_from


@bp.get("/<int:user_id>")
@login_required
def detail(user_id: int):
    """A person's profile: role, team or organisation, champion since, and their public activity."""
    person = db.session.get(User, user_id)
    if person is None or not permissions.can(current_user, "people.view", person):
        abort(404)
    return render_template("people/detail.html", person=person, where=where_from(person),
                           since=profile.champion_since(person), activity=profile.activity(current_user, person))
