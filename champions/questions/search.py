"""Questions in search: one document per question (answers appended), one per hidden answer; a question whose
answer was marked out of date, with no current accepted or endorsed answer, ranks below current ones."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from champions.extensions import db
from champions.markdown import html_to_text
from champions.permissions import ANSWER, QUESTION
from champions.questions.models import TAG_KINDS, Answer, Question, Tag
from champions.questions.queries import questions_by_id
from champions.search import SearchDocument, SearchType, register
from champions.search.tags import TagChoice


def documents_for(question_id: int) -> list[SearchDocument]:
    """The question's current documents, labelled by its audience ([] when search leaves it out; answers likewise)."""
    question = db.session.scalar(select(Question).where(Question.id == question_id).options(
        selectinload(Question.tags), joinedload(Question.author),
        selectinload(Question.answers).joinedload(Answer.author)))
    label = QUESTION.search_label(question) if question is not None else None
    if label is None:
        return []
    tags = [t.slug for t in question.tags]
    visible = [a for a in question.answers if ANSWER.is_open(a, with_parent=False)]
    # Imported here: the accuracy package loads its views, which import modules that import this one.
    from champions.accuracy.models import for_objects

    stale = {a_id for a_id, check in for_objects("answer", [a.id for a in visible]).items() if check.out_of_date}
    body = "\n\n".join([html_to_text(question.body_html), *[html_to_text(a.body_html) for a in visible]])
    docs = [SearchDocument(
        doc_id=f"question:{question.id}", kind="question", title=question.title, body=body,
        url=question.url, visibility=label.level, owner_id=label.owner_id,
        created_at=question.created_at, author_name=question.author.display_name, tags=tags,
        out_of_date=_out_of_date(question, visible, stale))]
    for answer in question.answers:
        answer_label = ANSWER.search_label(answer)
        if answer_label is not None and not ANSWER.is_open(answer, with_parent=False):  # read more narrowly
            docs.append(SearchDocument(
                doc_id=f"answer:{answer.id}", kind="question", title=f"Hidden answer to: {question.title}",
                body=html_to_text(answer.body_html), url=f"{question.url}#answer-{answer.id}",
                visibility=answer_label.level, owner_id=answer_label.owner_id,
                created_at=answer.created_at, author_name=answer.author.display_name, tags=tags))
    return docs


def _out_of_date(question: Question, visible: list[Answer], stale: set[int]) -> bool:
    """Search ranks it below current questions: an answer was marked out of date and no accepted or endorsed
    answer that is still current stands beside it."""
    trusted = [a for a in visible if a.id not in stale and (a.endorsed_by_id or a.id == question.accepted_answer_id)]
    return bool(stale) and not trusted


def all_ids():
    """Every question id (withdrawn ones produce no documents)."""
    return db.session.scalars(select(Question.id))


def tag_groups() -> list[tuple[str, list[TagChoice]]]:
    """The SDS taxonomy and topics by kind, for the search page's tag filter."""
    tags = db.session.scalars(select(Tag).order_by(Tag.sort_order, Tag.name)).all()
    return [(label, [TagChoice(t.slug, t.name) for t in tags if t.kind == kind]) for kind, label in TAG_KINDS.items()]


register(SearchType(kind="question", label="Questions", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=("question:", "answer:"), tag_groups=tag_groups, statuses=questions_by_id))
