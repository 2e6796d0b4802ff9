"""Saving partner updates and listing them: one place for the query and the side effects."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from champions import markdown, permissions, revisions, search
from champions.auth.models import Organisation
from champions.extensions import db
from champions.questions.service import DUPLICATE_WINDOW
from champions.timeutil import utcnow
from champions.updates.models import CATEGORIES, Update  # noqa: F401 (Update used by panels)


def list_query(user, category: str | None = None, organisation_id: int | None = None) -> Select:
    """Updates this person may see: pinned first, then newest; hidden ones for champions only."""
    query = select(Update).options(joinedload(Update.organisation)).where(permissions.UPDATE.clause(user))
    if category in CATEGORIES:
        query = query.where(Update.category == category)
    if organisation_id:
        query = query.where(Update.organisation_id == organisation_id)
    return query.order_by(Update.pinned.desc(), Update.created_at.desc(), Update.id.desc())


def partner_organisations() -> list[Organisation]:
    """Active partner organisations, by name."""
    return db.session.scalars(select(Organisation).where(Organisation.kind == "partner", Organisation.active.is_(True))
                              .order_by(Organisation.name)).all()


def organisation_choices(user) -> list[SelectChoice]:
    """Champions choose any partner organisation or their own; partners only ever post as their own."""
    if not permissions.can(user, "updates.choose_organisation"):
        return [SelectChoice(user.organisation_id, user.organisation.name)] if user.organisation else []
    orgs = partner_organisations()
    if user.organisation and user.organisation not in orgs:
        orgs = [user.organisation] + orgs
    return [SelectChoice(org.id, org.name) for org in orgs]


def recent_duplicate(author, title: str, body: str) -> Update | None:
    """The same update (title and text) this person posted within DUPLICATE_WINDOW and may still open, if any."""
    candidates = db.session.scalars(select(Update).where(
        Update.author_id == author.id, permissions.UPDATE.clause(author), Update.created_at >= utcnow() - DUPLICATE_WINDOW,
        Update.title == (title or "").strip()).order_by(Update.id.desc()))
    # Back and post again sends the same text; spacing differences are no new update.
    return next((u for u in candidates if u.body.split() == (body or "").split()), None)


def save(update: Update, form, editor) -> Update:
    """Copy the form into the update, render its Markdown, keep a revision, queue it for search."""
    update.title = form.title.data.strip()
    update.body = form.body.data.strip()
    update.body_html = str(markdown.render(update.body))
    update.category = form.category.data
    update.event_date = form.event_date.data
    allowed = {choice.value for choice in organisation_choices(editor)}
    if form.organisation_id.data in allowed and permissions.can(editor, "updates.choose_organisation"):
        update.organisation_id = form.organisation_id.data
    elif update.organisation_id is None:
        update.organisation_id = editor.organisation_id
    if update.id is not None:
        update.edited_at = utcnow()
    db.session.add(update)
    db.session.flush()
    revisions.record("update", update, editor, title=update.title, body=update.body, category=update.category,
                     event_date=update.event_date)
    # Personal data this edit took out leaves the earlier versions too.
    revisions.forget_removed_personal_data("update", update.id, f"{update.title}\n{update.body}")
    search.enqueue("update", update.id)
    return update
