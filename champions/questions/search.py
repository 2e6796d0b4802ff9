"""Questions in search: one document per question (answers appended), one per hidden answer."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from champions.extensions import db
from champions.markdown import html_to_text
from champions.questions.models import Answer, Question
from champions.search import SearchDocument, SearchType, register


def documents_for(question_id: int) -> list[SearchDocument]:
    """The question's current documents ([] when withdrawn, held for a champion or gone; held answers left out)."""
    question = db.session.scalar(select(Question).where(Question.id == question_id).options(
        selectinload(Question.tags), joinedload(Question.author),
        selectinload(Question.answers).joinedload(Answer.author)))
    if question is None or question.withdrawn or question.held:
        return []
    tags = [t.slug for t in question.tags]
    visible = [a for a in question.answers if not (a.hidden or a.held or a.withdrawn)]
    body = "\n\n".join([html_to_text(question.body_html), *[html_to_text(a.body_html) for a in visible]])
    docs = [SearchDocument(
        doc_id=f"question:{question.id}", kind="question", title=question.title, body=body,
        url=question.url, visibility="champions" if question.hidden else question.visibility,
        created_at=question.created_at, author_name=question.author.display_name, tags=tags)]
    for answer in question.answers:
        if answer.hidden:
            docs.append(SearchDocument(
                doc_id=f"answer:{answer.id}", kind="question", title=f"Hidden answer to: {question.title}",
                body=html_to_text(answer.body_html), url=f"{question.url}#answer-{answer.id}", visibility="champions",
                created_at=answer.created_at, author_name=answer.author.display_name, tags=tags))
    return docs


def all_ids():
    """Every question id (withdrawn ones produce no documents)."""
    return db.session.scalars(select(Question.id))


register(SearchType(kind="question", label="Questions", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=("question:", "answer:")))
