"""The review queue: accepted or endorsed answers not checked for REVIEW_AFTER_MONTHS or since the edition of a
standard they are tagged with changed, and answers marked out of date."""
from __future__ import annotations

from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import joinedload

from champions.accuracy.models import ContentCheck
from champions.extensions import db
from champions.permissions import ANSWER
from champions.questions.models import Answer, Question, Tag, question_tags
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


def changed_standards(today: date | None = None) -> list:
    """(tag id, name, day) of each SDS standard whose edition changed on or before today (one small query)."""
    today = today or to_local(utcnow()).date()
    return db.session.execute(select(Tag.id, Tag.name, Tag.edition_changed_on).where(
        Tag.kind == "standard", Tag.edition_changed_on.isnot(None), Tag.edition_changed_on <= today)
        .order_by(Tag.sort_order, Tag.id)).all()


def due_answers_query(today: date | None = None):
    """Accepted or endorsed answers, out in the open and not marked out of date, not checked since the cut-off
    or since the edition of a standard their question is tagged with changed.

    Rows are (answer, its check or None, the changed standard's name or "" when it is due by age).
    """
    cutoff = months_ago(int(current_app.config.get("REVIEW_AFTER_MONTHS", 12)), today)
    trusted = or_(Answer.endorsed_by_id.isnot(None), Question.accepted_answer_id == Answer.id)
    # One condition per changed standard (a handful at most), its day as a parameter: no date arithmetic in SQL.
    edition_due = [(and_(Answer.question_id.in_(select(question_tags.c.question_id).where(question_tags.c.tag_id == tag_id)),
                         last_checked() < datetime.combine(day, time(), LONDON)), name)
                   for tag_id, name, day in changed_standards(today)]
    standard = case(*[(clause, literal(name)) for clause, name in edition_due], else_=literal("")) if edition_due \
        else literal("")
    return (select(Answer, ContentCheck, standard.label("changed_standard"))
            .join(Question, Question.id == Answer.question_id)
            .outerjoin(ContentCheck, _check_join())
            .options(joinedload(Answer.question), joinedload(Answer.author))
            .where(ANSWER.open_clause(), trusted, or_(last_checked() < cutoff, *[c for c, _ in edition_due]),
                   or_(ContentCheck.id.is_(None), ContentCheck.out_of_date.is_(False)))
            .order_by(last_checked(), Answer.id))


def out_of_date_query():
    """Answers marked out of date, most recent first (to edit, then confirm)."""
    return (select(Answer, ContentCheck)
            .join(ContentCheck, _check_join())
            .options(joinedload(Answer.question), joinedload(Answer.author))
            .where(ContentCheck.out_of_date.is_(True), ANSWER.open_clause())
            .order_by(ContentCheck.out_of_date_at.desc(), Answer.id))
