"""Held for review: posts whose author confirmed a CHI or NI number; and other confirmed warnings, checked."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from champions import audit, permissions
from champions.extensions import db
from champions.moderation import bp, held, posts
from champions.moderation.models import GuardOverride
from champions.questions import review
from champions.questions.forms import HideForm


def open_items(holding: bool) -> list[dict]:
    """Open overrides (held ones, or the others), oldest first, each with the post it is about."""
    items = db.session.scalars(select(GuardOverride).where(
        GuardOverride.resolved_at.is_(None), GuardOverride.held.is_(holding))
        .options(joinedload(GuardOverride.author)).order_by(GuardOverride.created_at, GuardOverride.id)).all()
    found = posts.load_many(items)
    return [{"item": i, "post": found.get((i.content_type, i.object_id))} for i in items]


def _held_or_404(item_id: int, action: str):
    """An open held item and its post, for a champion allowed to do `action` to it."""
    permissions.require("moderation.act")
    item = db.session.get(GuardOverride, item_id)
    post = review.post_of(item) if item is not None and item.held and item.is_open else None
    if post is None:
        abort(404)
    permissions.require(action, post)
    return item, post


@bp.get("/held")
@login_required
def held_queue():
    """Posts held for a champion to check, oldest first, with what the guard found (kind and where)."""
    permissions.require("moderation.view")
    return render_template("moderation/held.html", rows=open_items(True), question_of=posts.question_of,
                           edit_url=posts.edit_url)


@bp.post("/held/<int:item_id>/release")
@login_required
def release(item_id: int):
    """Publish a held post as written (audited); its notifications go out now."""
    item, post = _held_or_404(item_id, "moderation.release")
    review.release(item, post, current_user)
    db.session.commit()
    flash(f"Released: the {item.content_type} is published as written.", "success")
    return redirect(url_for("moderation.held_queue"))


@bp.route("/held/<int:item_id>/hide", methods=["GET", "POST"])
@login_required
def hide_held(item_id: int):
    """Hide a held post with a reason; nobody but champions is told or can see it."""
    item, post = _held_or_404(item_id, "moderation.hide_held")
    form = HideForm()
    if form.validate_on_submit():
        review.hide(item, post, current_user, form.reason.data)
        db.session.commit()
        flash("Hidden. Only SDS Champions can see it now.", "success")
        return redirect(url_for("moderation.held_queue"))
    return render_template("questions/hide.html", form=form, post=post, question=posts.question_of(post),
                           action=url_for("moderation.hide_held", item_id=item.id))


@bp.post("/overrides/<int:item_id>/checked")
@login_required
def checked(item_id: int):
    """A champion has looked at a post saved over a personal-data warning: take it off the list."""
    permissions.require("moderation.act")
    item = db.session.get(GuardOverride, item_id)
    if item is None or item.held or not item.is_open:
        abort(404)
    held.resolve(item, current_user, "checked")
    audit.record(current_user, "moderation.override_checked", item,
                 summary=f"Checked a {item.content_type} posted with a personal-data warning: {item.findings}")
    db.session.commit()
    flash("Marked as checked.", "success")
    return redirect(url_for("moderation.queue"))
