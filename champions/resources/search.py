"""Resources in search: labelled by the resource audience (published at their level; the rest narrower)."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.permissions import RESOURCE
from champions.resources.models import Resource
from champions.search import SearchDocument, SearchType, register

KIND = "resource"


def documents_for(resource_id: int) -> list[SearchDocument]:
    """The resource's one document (its files' text is in their own documents, labelled the same way)."""
    resource = db.session.get(Resource, resource_id)
    label = RESOURCE.search_label(resource) if resource is not None else None
    if label is None:
        return []
    title = resource.title if resource.status == "published" else f"{resource.status_label}: {resource.title}"
    return [SearchDocument(
        doc_id=f"{KIND}:{resource.id}", kind=KIND, title=title,
        body="\n\n".join([resource.summary, resource.kind_label, resource.owner_label]),
        url=resource.url, visibility=label.level, owner_id=label.owner_id,
        created_at=resource.published_at or resource.created_at,
        author_name=resource.author.display_name if resource.author else "",
        tags=[tag.slug for tag in resource.tags])]


def all_ids():
    """Every resource id, for a rebuild."""
    return db.session.scalars(select(Resource.id)).all()


register(SearchType(kind=KIND, label="Resources", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=(f"{KIND}:",)))
