"""A person's profile: who they are and their public activity, as the reader may see it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from champions import permissions
from champions.audit import AuditEvent
from champions.extensions import db
from champions.practice.models import PracticeExample
from champions.questions.models import Answer, Question

LIMIT = 10


@dataclass
class Activity:
    """What the reader may see of one person's contributions: the latest few of each, and how many (of
    endorsed answers, only how many)."""

    questions: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    practice: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _latest(query, model, limit=LIMIT):
    return list(db.session.scalars(query.order_by(model.created_at.desc(), model.id.desc()).limit(limit)))


def _count(query):
    return select(func.count()).select_from(query.order_by(None).subquery()).scalar_subquery()


def activity(reader, person) -> Activity:
    """Their questions, answers, endorsed answers, published practice examples and resources that are out in
    the open for the reader (nothing hidden, held, withdrawn or in draft, and only at levels the reader reads):
    the latest of each kind, and all the counts in one query."""
    from champions.resources.models import Resource  # at call time: resources' views import people's

    found = Activity()
    answers = select(Answer).where(Answer.author_id == person.id, permissions.ANSWER.open_clause(reader))
    lists = {
        "questions": (select(Question).where(Question.author_id == person.id, permissions.QUESTION.open_clause(reader)),
                      Question),
        "answers": (answers.options(joinedload(Answer.question)), Answer),
        "practice": (select(PracticeExample).where(PracticeExample.author_id == person.id,
                                                   permissions.PRACTICE_EXAMPLE.open_clause(reader)), PracticeExample),
        "resources": (select(Resource).where(Resource.author_id == person.id, permissions.RESOURCE.open_clause(reader)),
                      Resource),
    }
    counted = {key: query for key, (query, _model) in lists.items()}
    counted["answers"] = answers
    counted["endorsed"] = answers.where(Answer.endorsed_by_id.isnot(None))
    row = db.session.execute(select(*[_count(query).label(key) for key, query in counted.items()])).one()
    found.counts = {key: int(getattr(row, key) or 0) for key in counted}
    for key, (query, model) in lists.items():
        setattr(found, key, _latest(query, model) if found.counts[key] else [])
    return found


def champion_since(person):
    """When the person became an SDS Champion: the last change of role to champion, else when they joined."""
    if person.role not in permissions.CHAMPION_ROLES:
        return None
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "user.role_change", AuditEvent.target_type == "user", AuditEvent.target_id == person.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()))
    for event in events:
        before = json.loads(event.before_json or "{}").get("role")
        after = json.loads(event.after_json or "{}").get("role")
        if after in permissions.CHAMPION_ROLES and before not in permissions.CHAMPION_ROLES:
            return event.created_at
    return person.created_at
