"""A person's profile: who they are and their public activity, as the reader may see it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import Integer, String, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from champions import permissions
from champions.audit import AuditEvent
from champions.extensions import db
from champions.practice.models import PracticeExample
from champions.questions.models import Answer, Question
from champions.timeutil import UTCDateTime

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


def activity(reader, person) -> Activity:
    """Their questions, answers, endorsed answers, published practice examples and resources that are out in
    the open for the reader (nothing hidden, held, withdrawn or in draft, and only at levels the reader reads):
    the latest of each kind with all the counts, in one query whatever they have written."""
    from champions.resources.models import KINDS, Resource  # at call time: resources' views import people's

    def rows(kind, model, clause, title, *, question_id=None, endorsed=None, label=None, published_at=None):
        return select(literal(kind, String).label("kind"), model.id.label("id"), title.label("title"),
                      model.created_at.label("created_at"),
                      (question_id if question_id is not None else null()).cast(Integer).label("question_id"),
                      (endorsed if endorsed is not None else null()).cast(Integer).label("endorsed_by_id"),
                      (label if label is not None else null()).cast(String).label("label"),
                      (published_at if published_at is not None else null().cast(UTCDateTime)).label("published_at")) \
            .where(model.author_id == person.id, clause)

    answered = aliased(Question)
    every = union_all(
        rows("questions", Question, permissions.QUESTION.open_clause(reader), Question.title),
        rows("answers", Answer, permissions.ANSWER.open_clause(reader), answered.title,
             question_id=Answer.question_id, endorsed=Answer.endorsed_by_id).join(answered, Answer.question),
        rows("practice", PracticeExample, permissions.PRACTICE_EXAMPLE.open_clause(reader), PracticeExample.title),
        rows("resources", Resource, permissions.RESOURCE.open_clause(reader), Resource.title, label=Resource.kind,
             published_at=Resource.published_at)).subquery()
    newest = (every.c.created_at.desc(), every.c.id.desc())
    ranked = select(every, func.row_number().over(partition_by=every.c.kind, order_by=newest).label("place"),
                    func.count().over(partition_by=every.c.kind).label("total"),
                    func.count(every.c.endorsed_by_id).over(partition_by=every.c.kind).label("endorsed")).subquery()
    found = Activity()
    found.counts = dict.fromkeys(("questions", "answers", "endorsed", "practice", "resources"), 0)
    for row in db.session.execute(select(ranked).where(ranked.c.place <= LIMIT)
                                  .order_by(ranked.c.kind, ranked.c.place)):
        found.counts[row.kind] = row.total
        if row.kind == "answers":
            found.counts["endorsed"] = row.endorsed
        getattr(found, row.kind).append(SimpleNamespace(
            id=row.id, title=row.title, created_at=row.created_at, question_id=row.question_id,
            endorsed_by_id=row.endorsed_by_id, kind_label=KINDS.get(row.label, row.label),
            published_at=row.published_at))
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
