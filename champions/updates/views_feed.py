"""The personal Atom feed of partner updates, its token page, and the weekly digest setting."""
from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from champions import permissions
from champions.extensions import db
from champions.links import absolute_url
from champions.timeutil import utcnow
from champions.updates import bp, service
from champions.updates.forms import DigestForm
from champions.updates.models import DigestSubscription, FeedToken, Update, hash_token

FEED_ITEMS = 50


def _active_token(user) -> FeedToken | None:
    return db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id, FeedToken.revoked_at.is_(None)))


def _revoke_all(user) -> None:
    for token in db.session.scalars(select(FeedToken).where(FeedToken.user_id == user.id,
                                                            FeedToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()


def _page(new_token: str | None = None):
    subscribed = db.session.scalar(select(DigestSubscription).where(DigestSubscription.user_id == current_user.id))
    form = DigestForm(formdata=None, weekly_digest=subscribed is not None)
    feed_url = absolute_url("updates.feed", token=new_token) if new_token else None
    return render_template("updates/feed_settings.html", token=_active_token(current_user), feed_url=feed_url,
                           digest_form=form)


@bp.get("/feed")
@login_required
def feed_settings():
    """Your personal feed address (create, renew, revoke) and the weekly digest setting."""
    permissions.require("updates.feed")
    return _page()


@bp.post("/feed/new")
@login_required
def feed_create():
    """Create a feed address, or renew it (the old address stops working at once); shown this once."""
    permissions.require("updates.feed")
    _revoke_all(current_user)
    _row, token = FeedToken.issue(current_user)
    db.session.commit()
    flash("Your new feed address is below. Copy it now: for your security we show it only once.", "success")
    return _page(new_token=token)


@bp.post("/feed/revoke")
@login_required
def feed_revoke():
    """Turn off the feed address: feed readers using it get 'not found' from now on."""
    permissions.require("updates.feed")
    _revoke_all(current_user)
    db.session.commit()
    flash("Your feed address is turned off.", "success")
    return redirect(url_for("updates.feed_settings"))


@bp.post("/feed/digest")
@login_required
def digest_settings():
    """Opt in to, or out of, the weekly digest email."""
    permissions.require("updates.feed")
    form = DigestForm()
    existing = db.session.scalar(select(DigestSubscription).where(DigestSubscription.user_id == current_user.id))
    if form.validate_on_submit():
        if form.weekly_digest.data and existing is None:
            db.session.add(DigestSubscription(user_id=current_user.id))
        elif not form.weekly_digest.data and existing is not None:
            db.session.delete(existing)
        db.session.commit()
        flash("Your weekly digest setting is saved.", "success")
    return redirect(url_for("updates.feed_settings"))


@bp.get("/feed/<token>.atom")
def feed(token: str):
    """The Atom feed for the token's owner: 404 when the token is unknown, revoked or its owner inactive."""
    row = db.session.scalar(select(FeedToken).where(FeedToken.token_hash == hash_token(token),
                                                    FeedToken.revoked_at.is_(None)))
    if row is None or not permissions.can(row.user, "updates.view"):
        abort(404)
    updates = db.session.scalars(service.list_query(row.user).where(permissions.UPDATE.open_clause())
                                 .order_by(None).order_by(Update.created_at.desc()).limit(FEED_ITEMS)).all()
    return Response(_atom(updates, absolute_url("updates.feed", token=token)),
                    mimetype="application/atom+xml")


def _atom(updates, self_url: str) -> bytes:
    """Build the Atom document with feedgen."""
    fg = FeedGenerator()
    fg.id(absolute_url("updates.index"))
    fg.title(f"Partner updates – {current_app.config.get('SITE_NAME', 'SDS Champions Hub')}")
    fg.link(href=self_url, rel="self")
    fg.link(href=absolute_url("updates.index"), rel="alternate")
    fg.updated(max((u.edited_at or u.created_at for u in updates), default=utcnow()))
    for update in reversed(updates):  # feedgen prepends each entry; add oldest first so newest is first
        entry = fg.add_entry()
        link = absolute_url("updates.detail", update_id=update.id)
        entry.id(link)
        entry.title(update.title)
        entry.link(href=link)
        entry.author(name=update.organisation.name if update.organisation else update.author.display_name)
        entry.published(update.created_at)
        entry.updated(update.edited_at or update.created_at)
        entry.category(term=update.category, label=update.category_label)
        # Like email, the feed carries a title and a link, never the text: feed readers are third parties.
        entry.summary(f"{update.category_label} from {entry.author()[0]['name']}. Sign in to the Hub to read it.")
    return fg.atom_str(pretty=True)
