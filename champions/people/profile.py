"""A person's profile: who they are and their public activity, as the reader may see it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select

from champions import permissions
from champions.audit import AuditEvent
from champions.extensions import db
from champions.practice.models import PracticeExample
from champions.questions.models import Answer, Question
from champions.resources.models import Resource

LIMIT = 10


@dataclass
class Activity:
    """What the reader may see of one person's contributions: the latest few of each, and how many."""

    questions: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    endorsed: list = field(default_factory=list)
    practice: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _listed(query, model, limit=LIMIT):
    rows = list(db.session.scalars(query.order_by(model.created_at.desc(), model.id.desc()).limit(limit)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return rows, total


def activity(reader, person) -> Activity:
    """Their questions, answers, endorsed answers, published practice examples and resources that are out in
    the open for the reader (nothing hidden, held, withdrawn or in draft, and only at levels the reader reads)."""
    found = Activity()
    found.questions, found.counts["questions"] = _listed(
        select(Question).where(Question.author_id == person.id, permissions.QUESTION.open_clause(reader)), Question)
    answers = select(Answer).where(Answer.author_id == person.id, permissions.ANSWER.open_clause(reader))
    found.answers, found.counts["answers"] = _listed(answers, Answer)
    found.endorsed, found.counts["endorsed"] = _listed(answers.where(Answer.endorsed_by_id.isnot(None)), Answer)
    found.practice, found.counts["practice"] = _listed(
        select(PracticeExample).where(PracticeExample.author_id == person.id,
                                      permissions.PRACTICE_EXAMPLE.open_clause(reader)), PracticeExample)
    found.resources, found.counts["resources"] = _listed(
        select(Resource).where(Resource.author_id == person.id, permissions.RESOURCE.open_clause(reader)), Resource)
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
