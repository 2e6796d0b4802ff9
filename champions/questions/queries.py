"""Loading questions for pages: visibility filtered in SQL, with a fixed number of queries."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, bindparam, exists, func, select
from sqlalchemy.orm import defer, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from champions import params, permissions
from champions.auth.models import User
from champions.extensions import db
from champions.questions.models import Answer, Follow, HelpfulVote, Question, Tag

# (key, label) of the list tabs, in order.
TABS = (
    ("latest", "Latest activity"),
    ("unanswered", "Unanswered"),
    ("awaiting", "Awaiting a champion"),
    ("resolved", "Resolved"),
    ("mine", "My questions"),
    ("following", "Following"),
)
TAB_KEYS = {key for key, _ in TABS}


def _author_loader(attribute):
    return joinedload(attribute).joinedload(User.organisation)


def list_query(user, tab: str = "latest", tag: Tag | None = None):
    """The questions this person may see for one tab (and optionally one tag), newest activity first."""
    # Withdrawn and held questions are unlisted: only their authors list them ("mine"); champions find held
    # ones in the held queue.
    readable = (permissions.QUESTION.clause(user) if tab == "mine" else permissions.QUESTION.listed_clause(user))
    query = select(Question).where(readable).options(selectinload(Question.tags), joinedload(Question.author))
    if tab == "mine":
        query = query.where(Question.author_id == user.id)
    if tag is not None:
        query = query.where(Question.tags.any(Tag.id == tag.id))
    if tab == "unanswered":
        query = query.where(Question.answer_count == 0, Question.closed_reason == "")
    elif tab == "awaiting":
        query = query.where(Question.has_champion_answer.is_(False), Question.closed_reason == "",
                            permissions.QUESTION.open_clause())
        return query.order_by(Question.created_at.asc(), Question.id.asc())
    elif tab == "resolved":
        query = query.where(Question.status == "resolved")
    elif tab == "following":
        query = query.where(Question.id.in_(select(Follow.question_id).where(Follow.user_id == user.id)))
    return query.order_by(Question.last_activity_at.desc(), Question.id.desc())


def page_of(query, per_page: int):
    """One page of a question list (`list_query`): its ids first, read from the listing index, then only those
    questions, without the bodies a list does not show."""
    return params.paginate_by_key(query.options(defer(Question.body), defer(Question.body_html)), per_page,
                                  Question.id)


def awaiting_champion_query(user):
    """Questions with no champion answer yet, oldest first (meetings and home panels use this too)."""
    return list_query(user, "awaiting")


def duplicate_candidates(question: Question, user, text: str, limit: int = 10) -> list[Question]:
    """Questions with every searched word in their title that everyone who reads `question` may read."""
    words = [w for w in re.findall(r"\w+", (text or "").lower()) if len(w) > 1][:8]
    if not words:
        return []
    query = list_query(user).where(
        Question.id != question.id, permissions.QUESTION.open_clause(),
        Question.visibility.in_(permissions.levels_covering(question.visibility)),
        *[func.lower(Question.title).contains(word, autoescape=True) for word in words])
    return list(db.session.scalars(query.limit(limit)))


@cache
def _question_statement():
    """One question by id (bound as "question_id"): built once."""
    return select(Question).where(Question.id == bindparam("question_id"))


@cache
def _full_question_statement():
    """One question for its page: its tags in the same query (a question has a few), its author and the
    question it duplicates; its answers come with load_answers(). Built once."""
    return _question_statement().options(joinedload(Question.tags), _author_loader(Question.author),
                                         joinedload(Question.duplicate_of))


def get_question_or_404(question_id: int, action: str = "question.view", *, full: bool = False) -> Question:
    """Load a question; 404 if this person may not see it, 403 if they may see it but not do this."""
    query = _full_question_statement() if full else _question_statement()
    question = db.session.execute(query, {"question_id": question_id}).unique().scalar_one_or_none()
    if question is None or not permissions.can(current_user, "question.view", question):
        abort(404)
    if action != "question.view" and not permissions.can(current_user, action, question):
        abort(403)
    return question


def get_answer_or_404(answer_id: int, action: str = "answer.view") -> Answer:
    """Load an answer; 404 if this person may not see it, 403 if they may not do this to it."""
    answer = db.session.scalar(select(Answer).where(Answer.id == answer_id)
                               .options(joinedload(Answer.question), joinedload(Answer.author)))
    if answer is None or not permissions.can(current_user, "answer.view", answer):
        abort(404)
    if action != "answer.view" and not permissions.can(current_user, action, answer):
        abort(403)
    return answer


@dataclass
class AnswerPage:
    """A question's answers as its page shows them, with what each reader's page needs about them."""

    voted: set[int]  # the answers this person marked helpful
    checks: dict  # answer id -> its ContentCheck (champions.accuracy), for every answer that has one


@cache
def _answers_statement():
    """The page's answers query, built once (building it cost every page a little): the question and the
    reader are bound values."""
    from champions.accuracy.models import ContentCheck

    voted = exists().where(HelpfulVote.answer_id == Answer.id, HelpfulVote.user_id == bindparam("reader_id"))
    return (select(Answer, voted, ContentCheck)
            .outerjoin(ContentCheck, and_(ContentCheck.content_type == "answer", ContentCheck.object_id == Answer.id))
            .where(Answer.question_id == bindparam("question_id"))
            .options(_author_loader(Answer.author), joinedload(Answer.endorsed_by))
            .order_by(Answer.created_at, Answer.id))


def load_answers(question: Question, user) -> AnswerPage:
    """Load `question.answers` with their authors, and in the same query which of them this person marked
    helpful and each one's accuracy check (one query for the page, none per answer)."""
    rows = db.session.execute(_answers_statement(), {"question_id": question.id, "reader_id": user.id}).all()
    answers = [answer for answer, _voted, _check in rows]
    set_committed_value(question, "answers", answers)
    for answer in answers:  # each answer's question is this one (rules ask it of every answer)
        if "question" not in answer.__dict__:
            set_committed_value(answer, "question", question)
    return AnswerPage(voted={answer.id for answer, was_voted, _check in rows if was_voted},
                      checks={answer.id: check for answer, _voted, check in rows if check is not None})


def tags_for_form() -> list[Tag]:
    """Every tag, in kind and sort order, for the tag checkboxes."""
    return list(db.session.scalars(select(Tag).order_by(Tag.kind, Tag.sort_order, Tag.name)))


def questions_by_id(user, ids) -> dict[int, Question]:
    """Those of these questions this person may see, by id, in one query (search shows their status)."""
    ids = list(ids)
    if not ids:
        return {}
    return {q.id: q for q in db.session.scalars(select(Question).where(
        Question.id.in_(ids), permissions.QUESTION.clause(user)))}
