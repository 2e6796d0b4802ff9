"""What follows from a question's state: its answer count and status, and who may see its notifications.

Below service.py and moderate.py, which both use it, so neither imports the other for these.
"""
from __future__ import annotations

from sqlalchemy import select

from champions import permissions, search
from champions.auth.models import User
from champions.extensions import db
from champions.questions.models import Answer, Question


def notification_level(question: Question) -> permissions.AccessLabel:
    """The access label its notifications carry, from the question's audience."""
    return permissions.QUESTION.access_label(question)


def sync_notifications(question: Question) -> None:
    """Bring the notifications about this question (and its answers) in line with who may see it now."""
    from champions.notifications.service import set_subject_visibility

    set_subject_visibility(f"question:{question.id}", notification_level(question))


def refresh(question: Question) -> None:
    """Recount visible answers, the champion-answer flag and the status; queue a reindex."""
    db.session.flush()
    visible = db.session.execute(
        select(Answer.id, User.role).join(User, Answer.author_id == User.id)
        .where(Answer.question_id == question.id, permissions.ANSWER.open_clause())).all()
    question.answer_count = len(visible)
    question.has_champion_answer = any(role in ("champion", "admin") for _, role in visible)
    if question.accepted_answer_id and question.accepted_answer_id not in {i for i, _ in visible}:
        question.accepted_answer_id = None
    if question.accepted_answer_id:
        question.status = "resolved"
    else:
        question.status = "answered" if visible else "open"
    search.enqueue("question", question.id)
