"""Partner updates in search: staff and partners; hidden ones champions only."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.markdown import html_to_text
from champions.permissions import UPDATE
from champions.search import SearchDocument, SearchType, register
from champions.search.tags import TagChoice
from champions.updates.models import CATEGORIES, Update

KIND = "update"


def documents_for(update_id: int) -> list[SearchDocument]:
    """The update's one document."""
    update = db.session.get(Update, update_id)
    if update is None:
        return []
    label = UPDATE.search_label(update)
    return [SearchDocument(
        doc_id=f"{KIND}:{update.id}", kind=KIND, title=update.title, body=html_to_text(update.body_html), url=f"/updates/{update.id}",
        visibility=label.level, owner_id=label.owner_id, created_at=update.created_at,
        author_name=update.organisation.name if update.organisation else "", tags=[update.category])]


def all_ids():
    """Every update id, for a rebuild."""
    return db.session.scalars(select(Update.id)).all()


def tag_groups() -> list[tuple[str, list[TagChoice]]]:
    """The update categories, for the search page's tag filter."""
    return [("Partner update categories", [TagChoice(key, label) for key, label in CATEGORIES.items()])]


register(SearchType(kind=KIND, label="Partner updates", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=(f"{KIND}:",), tag_groups=tag_groups))
