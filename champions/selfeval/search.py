"""Self-evaluations in search: one document each, read as its audience says (in progress: lead and champions)."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.markdown import html_to_text
from champions.permissions import EVALUATION
from champions.search import SearchDocument, SearchType, register
from champions.selfeval.models import SelfEvaluation

KIND = "selfeval"


def documents_for(evaluation_id: int) -> list[SearchDocument]:
    """The evaluation's document: its title, scope, standards and agreed findings."""
    evaluation = db.session.get(SelfEvaluation, evaluation_id)
    label = EVALUATION.search_label(evaluation) if evaluation is not None else None
    if label is None:
        return []
    parts = [evaluation.scope_label]
    for standard in evaluation.standards:
        parts += [standard.name, html_to_text(standard.agreed_reason_html), html_to_text(standard.strengths_html),
                  html_to_text(standard.improvements_html)]
    return [SearchDocument(
        doc_id=f"{KIND}:{evaluation.id}", kind=KIND, title=evaluation.title,
        body="\n".join(p for p in parts if p), url=f"/self-evaluation/{evaluation.id}",
        visibility=label.level, owner_id=label.owner_id, group=label.group, created_at=evaluation.created_at,
        author_name=evaluation.lead.display_name if evaluation.lead else "")]


def all_ids():
    """Every evaluation id, for a rebuild."""
    return db.session.scalars(select(SelfEvaluation.id)).all()


register(SearchType(kind=KIND, label="Self-evaluations", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=(f"{KIND}:",)))
