"""Factories for questions, answers, tags and flags. They add and flush, never commit."""
from __future__ import annotations

import itertools
from datetime import timedelta

from champions import markdown
from champions.extensions import db
from champions.moderation.models import Flag
from champions.questions import service
from champions.questions.models import Answer, Question, Tag
from champions.timeutil import utcnow
from tests import factories

_seq = itertools.count(1)


def tag(name: str | None = None, kind: str = "topic", **kwargs) -> Tag:
    """A tag."""
    n = next(_seq)
    item = Tag(slug=kwargs.pop("slug", f"tag-{n}"), name=name or f"Tag {n}", kind=kind, **kwargs)
    db.session.add(item)
    db.session.flush()
    return item


def question(author=None, title: str | None = None, body: str = "Some details about practice.",
             visibility: str = "staff", days_ago: float = 0, tags=(), **kwargs) -> Question:
    """A question with its first revision."""
    author = author or factories.user("practitioner")
    when = utcnow() - timedelta(days=days_ago)
    item = Question(title=title or f"How do I arrange support number {next(_seq)}?", body=body,
                    body_html=str(markdown.render(body)), visibility=visibility, author_id=author.id,
                    created_at=when, last_activity_at=when, tags=list(tags), **kwargs)
    db.session.add(item)
    db.session.flush()
    service.add_revision("question", item, author)
    return item


def answer(question_: Question, author=None, body: str = "Here is what we do in our team.", **kwargs) -> Answer:
    """An answer (counts and status on the question kept in step)."""
    author = author or factories.user("practitioner")
    item = Answer(question_id=question_.id, body=body, body_html=str(markdown.render(body)),
                  author_id=author.id, created_at=kwargs.pop("created_at", utcnow()), **kwargs)
    db.session.add(item)
    db.session.flush()
    service.add_revision("answer", item, author)
    db.session.refresh(question_)
    service.refresh(question_)
    return item


def flag(content_type: str, object_id: int, reporter=None, reason: str = "inaccurate", note: str = "") -> Flag:
    """An open flag on a post."""
    item = Flag(content_type=content_type, object_id=object_id, reason=reason, note=note,
                reporter_id=(reporter or factories.user("practitioner")).id)
    db.session.add(item)
    db.session.flush()
    return item
