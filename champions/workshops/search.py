"""Workshops in search: one document per exercise with its cards and items, read by its audience."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.permissions import WORKSHOP
from champions.search import SearchDocument, SearchType, register
from champions.workshops.models import Workshop


def documents_for(workshop_id: int) -> list[SearchDocument]:
    """The exercise's document now, labelled with who may read it (participants through its group)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        return []
    label = WORKSHOP.search_label(workshop)
    if label is None:
        return []
    parts = [workshop.kind_label] + [c.name for c in workshop.clusters] + [card.text for card in workshop.cards]
    parts += [item.text for item in workshop.items] + [workshop.next_steps]
    return [SearchDocument(
        doc_id=f"workshop:{workshop.id}", kind="workshop", title=workshop.title,
        body="\n".join(p for p in parts if p), url=f"/workshops/{workshop.id}",
        visibility=label.level, owner_id=label.owner_id, group=label.group, created_at=workshop.created_at,
    )]


def all_ids():
    """Every workshop id, for a rebuild."""
    return db.session.scalars(select(Workshop.id)).all()


register(SearchType(kind="workshop", label="Workshops", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=("workshop:",)))
