"""Profiles: click a name anywhere to see who the person is and what they have shared."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_login import current_user, login_required

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.people import bp, profile, suggestions
from champions.people.names import person_name, where_from


@bp.get("/<int:user_id>")
@login_required
def detail(user_id: int):
    """A person's profile: role, team or organisation, champion since, and their public activity."""
    person = db.session.get(User, user_id)
    if person is None or not permissions.can(current_user, "people.view", person):
        abort(404)
    return render_template("people/detail.html", person=person, where=where_from(person),
                           since=profile.champion_since(person), activity=profile.activity(current_user, person))


def _audience_for_suggestions():
    """Who may read the post being written: the question's audience (?question=), else a level (?visibility=)."""
    from champions.questions.models import Question

    question_id = request.args.get("question", type=int)
    if question_id:
        question = db.session.get(Question, question_id)
        if question is None or not permissions.can(current_user, "question.view", question):
            abort(404)
        return permissions.QUESTION.access_label(question)
    level = request.args.get("visibility", "")
    if current_user.is_partner or level not in permissions.VISIBILITY_LABELS:
        level = "partners" if current_user.is_partner else "staff"
    return permissions.AccessLabel(level)


@bp.get("/suggest")
@login_required
def suggest():
    """Members whose name starts with ?q= and who may see the post being written (for @mention suggestions)."""
    permissions.require("people.suggest")
    typed = request.args.get("q", "")
    people = suggestions.members(current_user, typed, _audience_for_suggestions())
    found = [{"id": p.id, "name": person_name(p), "role": p.role_label} for p in people]
    if typed.strip() and "champions".startswith(typed.strip().lower()):
        found.append({"id": None, "name": "champions", "role": "tells every SDS Champion"})
    return jsonify(found)
