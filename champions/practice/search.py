"""Practice examples in search: published ones at their visibility; drafts for their author alone; the rest
for champions and the author."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.markdown import to_plain_text
from champions.permissions import PRACTICE_EXAMPLE
from champions.practice.models import PracticeExample
from champions.search import SearchDocument, SearchType, register

KIND = "practice_example"


def documents_for(example_id: int) -> list[SearchDocument]:
    """The example's one document; any status but published shows in its title ("Draft: ...")."""
    example = db.session.get(PracticeExample, example_id)
    if example is None:
        return []
    label = PRACTICE_EXAMPLE.search_label(example)
    title = example.title if example.status == "published" else f"{example.status_label}: {example.title}"
    body = "\n\n".join([example.summary, to_plain_text(example.situation), to_plain_text(example.action),
                        to_plain_text(example.outcomes_text), example.team_or_area])
    return [SearchDocument(
        doc_id=f"{KIND}:{example.id}", kind=KIND, title=title, body=body,
        url=f"/practice/{example.id}", visibility=label.level, created_at=example.published_at or example.created_at,
        author_name=example.author.display_name if example.author else "",
        tags=[tag.slug for tag in example.tags], owner_id=label.owner_id)]


def all_ids():
    """Every example id, for a rebuild."""
    return db.session.scalars(select(PracticeExample.id)).all()


register(SearchType(kind=KIND, label="Practice examples", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=(f"{KIND}:",)))
