"""The review queue: accepted or endorsed answers not checked for REVIEW_AFTER_MONTHS, and answers marked out of date."""
from __future__ import annotations

from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from champions.accuracy.models import ContentCheck
from champions.extensions import db
from champions.permissions import ANSWER
from champions.questions.models import Answer, Question
from champions.timeutil import LONDON, to_local, utcnow


def months_ago(months: int, today: date | None = None) -> datetime:
    """Midnight (Europe/London) on the same day `months` calendar months ago (the 31st falls back to the month's end)."""
    today = today or to_local(utcnow()).date()
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return datetime.combine(date(year, month, day), time(), LONDON)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_join():
    return and_(ContentCheck.content_type == "answer", ContentCheck.object_id == Answer.id)


def last_checked():
    """SQL: when an answer was last checked: a champion's check, else its endorsement, else when it was posted."""
    return func.coalesce(ContentCheck.checked_at, Answer.endorsed_at, Answer.created_at)


def due_answers_query(today: date | None = None):
    """Accepted or endorsed answers, out in the open, not checked since the cut-off and not marked out of date."""
    cutoff = months_ago(int(current_app.config.get("REVIEW_AFTER_MONTHS", 12)), today)
    trusted = or_(Answer.endorsed_by_id.isnot(None), Question.accepted_answer_id == Answer.id)
    return (select(Answer, ContentCheck)
            .join(Question, Question.id == Answer.question_id)
            .outerjoin(ContentCheck, _check_join())
            .options(joinedload(Answer.question), joinedload(Answer.author))
            .where(ANSWER.open_clause(), trusted, last_checked() < cutoff,
                   or_(ContentCheck.id.is_(None), ContentCheck.out_of_date.is_(False)))
            .order_by(last_checked(), Answer.id))


def out_of_date_query():
    """Answers marked out of date, most recent first (to edit, then confirm)."""
    return (select(Answer, ContentCheck)
            .join(ContentCheck, _check_join())
            .options(joinedload(Answer.question), joinedload(Answer.author))
            .where(ContentCheck.out_of_date.is_(True), ANSWER.open_clause())
            .order_by(ContentCheck.out_of_date_at.desc(), Answer.id))
