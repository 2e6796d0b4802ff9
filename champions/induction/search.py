"""Search: lessons of the induction. Reflections (the learning log) are never indexed."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.induction.models import Lesson
from champions.markdown import to_plain_text
from champions.permissions import INDUCTION_LESSON
from champions.search import SearchDocument, SearchType, register


def documents_for(lesson_id: int) -> list[SearchDocument]:
    """A lesson's document: visible by its module's audience when published, to champions while a draft."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        return []
    module = lesson.module
    label = INDUCTION_LESSON.search_label(lesson)
    return [SearchDocument(
        doc_id=f"lesson:{lesson.id}", kind="lesson", title=lesson.title,
        body=f"{module.title}\n{to_plain_text(lesson.body)}",
        url=f"/induction/modules/{module.id}/lessons/{lesson.id}",
        visibility=label.level, owner_id=label.owner_id, created_at=lesson.created_at)]


def all_ids():
    """Every lesson id, for a rebuild."""
    return db.session.scalars(select(Lesson.id)).all()


register(SearchType(kind="lesson", label="Induction lessons", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=("lesson:",)))
