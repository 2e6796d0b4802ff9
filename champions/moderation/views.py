"""The moderation queue: open flags, and hide, dismiss or redact."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from champions import audit, permissions, privacy
from champions.extensions import db
from champions.moderation import bp, held, held_views, posts
from champions.moderation.forms import RedactForm
from champions.moderation.models import Flag
from champions.questions import moderate
from champions.questions.forms import HideForm
from champions.timeutil import utcnow


def _open_flags_for(content_type: str, object_id: int) -> list[Flag]:
    return list(db.session.scalars(select(Flag).where(
        Flag.content_type == content_type, Flag.object_id == object_id, Flag.resolved_at.is_(None))))


def _resolve(flags, resolution: str) -> None:
    for flag in flags:
        flag.resolved_at, flag.resolved_by_id, flag.resolution = utcnow(), current_user.id, resolution


def _flag_or_404(flag_id: int) -> Flag:
    permissions.require("moderation.act")
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        abort(404)
    return flag


@bp.get("/")
@login_required
def queue():
    """Every open flag, oldest first, with the post it points at; posts saved over a personal-data warning."""
    permissions.require("moderation.view")
    flags = db.session.scalars(select(Flag).where(Flag.resolved_at.is_(None))
                               .options(joinedload(Flag.reporter)).order_by(Flag.created_at, Flag.id)).all()
    found = posts.load_many(flags)
    rows = [{"flag": f, "post": found.get((f.content_type, f.object_id))} for f in flags]
    return render_template("moderation/queue.html", rows=rows, question_of=posts.question_of,
                           edit_url=posts.edit_url, overrides=held_views.open_items(False),
                           held_count=held.held_count())


@bp.post("/flags/<int:flag_id>/dismiss")
@login_required
def dismiss(flag_id: int):
    """Close a flag without changing the post."""
    flag = _flag_or_404(flag_id)
    _resolve([flag], "dismissed")
    audit.record(current_user, "flag.dismiss", flag, summary=f"Dismissed a report on {flag.content_type} {flag.object_id}")
    db.session.commit()
    flash("Report dismissed.", "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/flags/<int:flag_id>/hide", methods=["GET", "POST"])
@login_required
def hide(flag_id: int):
    """Hide the reported post with a reason; resolves every open report on it."""
    flag = _flag_or_404(flag_id)
    post = posts.get_or_404(flag.content_type, flag.object_id)
    form = HideForm()
    if form.validate_on_submit():
        if not post.hidden:
            moderate.hide(post, current_user, form.reason.data)
        _resolve(_open_flags_for(flag.content_type, post.id), "hidden")
        db.session.commit()
        flash("Hidden. Only SDS Champions can see it now.", "success")
        return redirect(url_for("moderation.queue"))
    return render_template("questions/hide.html", form=form, post=post, question=posts.question_of(post),
                           action=url_for("moderation.hide", flag_id=flag.id))


@bp.route("/redact/<content_type>/<int:object_id>", methods=["GET", "POST"])
@login_required
def redact(content_type: str, object_id: int):
    """Remove personal data from a post and every earlier version of it."""
    permissions.require("moderation.redact")
    post = posts.get_or_404(content_type, object_id)
    findings = []
    for text in posts.texts(content_type, post):
        findings += [f.text for f in privacy.scan(text) if f.text not in findings]
    form = RedactForm()
    form.findings.choices = [SelectChoice(t, t) for t in findings]
    if form.validate_on_submit():
        chosen = [t for t in form.findings.data if t in findings] + [form.text_to_remove.data or ""]
        changed = moderate.redact(post, current_user, chosen)
        _resolve([f for f in _open_flags_for(content_type, post.id) if f.reason == "personal_data"], "redacted")
        db.session.commit()
        flash(f"Removed from {changed} place{'s' if changed != 1 else ''}, including earlier versions.", "success")
        return redirect(url_for("questions.detail", question_id=posts.question_of(post).id))
    return render_template("moderation/redact.html", form=form, post=post, content_type=content_type,
                           question=posts.question_of(post))
