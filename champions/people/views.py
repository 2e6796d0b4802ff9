"""Profiles: click a name anywhere to see who the person is and what they have shared."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.links import is_safe_next
from champions.people import bp, following, profile, suggestions
from champions.people.names import person_name, where_from


@bp.get("/<int:user_id>")
@login_required
def detail(user_id: int):
    """A person's profile: role, team or organisation, champion since, and their public activity."""
    person = permissions.get_or_404(User, user_id, "people.view",
                                    options=(joinedload(User.team), joinedload(User.organisation)))
    return render_template("people/detail.html", person=person, where=where_from(person),
                           since=profile.champion_since(person), activity=profile.activity(current_user, person))


def _audience_for_suggestions():
    """Who may read the post being written: the question's, workshop's or meeting's audience (?question=,
    ?workshop=, ?meeting=: the level its notes are published at), else a level (?visibility=)."""
    from champions.meetings.models import Meeting
    from champions.questions.models import Question
    from champions.workshops.models import Workshop

    meeting_id = request.args.get("meeting", type=int)
    if meeting_id:
        from champions.meetings.service import notes_audience

        return notes_audience(permissions.get_or_404(Meeting, meeting_id, "meeting.view", "meeting.edit"))
    workshop_id = request.args.get("workshop", type=int)
    if workshop_id:
        return permissions.WORKSHOP.access_label(permissions.get_or_404(Workshop, workshop_id, "workshop.view"))
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


def _back(default: str):
    """Where the button was (a path on this site), else the default."""

    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else default)


@bp.post("/tags/<int:tag_id>/follow")
@login_required
def follow_tag(tag_id: int):
    """Follow a tag (told of each new question in it), or stop following it."""
    from champions.questions.models import Tag

    permissions.require("people.follow")
    tag = db.session.get(Tag, tag_id) or abort(404)
    follow = request.form.get("follow") == "1"
    following.set_tag_follow(current_user, tag, follow)
    db.session.commit()
    flash(f"You follow {tag.name}: we will tell you about new questions in it." if follow
          else f"You no longer follow {tag.name}.", "success")
    return _back(url_for("questions.tag", slug=tag.slug))


@bp.post("/saved/<content_type>/<int:object_id>")
@login_required
def save(content_type: str, object_id: int):
    """Save something to come back to, or take it off your "Saved" list."""
    permissions.require("people.follow")
    obj = following.load(content_type, object_id, current_user) or abort(404)
    keep = request.form.get("save") == "1"
    following.set_saved(current_user, content_type, obj.id, keep)
    db.session.commit()
    flash("Saved. Find it under What you follow." if keep else "Taken off your saved list.", "success")
    return _back(following.SAVABLE[content_type].url.format(id=obj.id))


@bp.get("/following")
@login_required
def followed():
    """What you follow in one place: tags, questions and the things you saved."""
    permissions.require("people.follow")
    return render_template("people/following.html", tags=following.followed_tags(current_user),
                           questions=following.followed_questions(current_user),
                           saved=following.saved(current_user))
