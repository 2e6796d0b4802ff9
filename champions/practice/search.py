"""Practice examples in search: published ones at their visibility; drafts for their author alone; the rest
for champions and the author."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.markdown import to_plain_text
from champions.practice.models import PracticeExample
from champions.search import SearchDocument, SearchType, register

KIND = "practice_example"
# A visibility level no role reads: a document shared at it is found only through its owner_id.
AUTHOR_ONLY = "author"


def documents_for(example_id: int) -> list[SearchDocument]:
    """The example's one document; any status but published shows in its title ("Draft: ...")."""
    example = db.session.get(PracticeExample, example_id)
    if example is None:
        return []
    if example.status == "published":
        visibility = example.visibility
    else:  # a draft is not yet confirmed anonymised, so nobody but its author may find it
        visibility = AUTHOR_ONLY if example.status == "draft" else "champions"
    owner_id = example.author_id if example.status in ("draft", "submitted", "returned") else None
    title = example.title if example.status == "published" else f"{example.status_label}: {example.title}"
    body = "\n\n".join([example.summary, to_plain_text(example.situation), to_plain_text(example.action),
                        to_plain_text(example.outcomes_text), example.team_or_area])
    return [SearchDocument(
        doc_id=f"{KIND}:{example.id}", kind=KIND, title=title, body=body,
        url=f"/practice/{example.id}", visibility=visibility, created_at=example.published_at or example.created_at,
        author_name=example.author.display_name if example.author else "",
        tags=[tag.slug for tag in example.tags], owner_id=owner_id)]


def all_ids():
    """Every example id, for a rebuild."""
    return db.session.scalars(select(PracticeExample.id)).all()


register(SearchType(kind=KIND, label="Practice examples", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=(f"{KIND}:",)))
