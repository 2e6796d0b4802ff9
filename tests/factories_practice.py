"""Factories for practice examples and partner updates: add and flush, never commit."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from champions import markdown
from champions.extensions import db
from champions.practice.models import PracticeExample
from champions.questions.models import Question, Tag
from champions.timeutil import utcnow
from champions.updates.models import Update
from tests import factories

_seq = itertools.count(1)


def tag(kind: str = "topic", name: str | None = None) -> Tag:
    """A taxonomy tag of one kind (option, step, standard, outcome, topic)."""
    n = next(_seq)
    item = Tag(kind=kind, name=name or f"{kind.title()} {n}", slug=f"{kind}-{n}")
    db.session.add(item)
    db.session.flush()
    return item


def example(author=None, status: str = "published", visibility: str = "staff", tags=(), **kwargs) -> PracticeExample:
    """A practice example in the given status (published ones get a publish date and a future review date)."""
    n = next(_seq)
    text = kwargs.pop("situation", f"The situation in example {n}.")
    item = PracticeExample(
        title=kwargs.pop("title", f"Practice example {n}"), summary=kwargs.pop("summary", f"Summary {n}."),
        situation=text, situation_html=str(markdown.render(text)), action="What was done.",
        action_html=str(markdown.render("What was done.")), status=status, visibility=visibility,
        author=author or factories.user("practitioner"), anonymised_confirmed=True, **kwargs)
    if status in ("published", "archived"):
        item.published_at = item.published_at or utcnow()
        item.review_due_on = item.review_due_on or date.today() + timedelta(days=365)
    if status == "submitted":
        item.submitted_at = utcnow()
    item.tags = list(tags)
    db.session.add(item)
    db.session.flush()
    return item


def question(author=None, visibility: str = "staff", **kwargs) -> Question:
    """A plain question to link examples to."""
    item = Question(title=kwargs.pop("title", f"Question {next(_seq)}"), body="Body", body_html="<p>Body</p>",
                    visibility=visibility, author=author or factories.user("practitioner"), **kwargs)
    db.session.add(item)
    db.session.flush()
    return item


def update(author=None, organisation=None, **kwargs) -> Update:
    """A partner update from the author's organisation."""
    author = author or factories.user("partner")
    body = kwargs.pop("body", "News from us.")
    item = Update(title=kwargs.pop("title", f"Update {next(_seq)}"), body=body, body_html=str(markdown.render(body)),
                  category=kwargs.pop("category", "service_news"), author=author,
                  organisation=organisation or author.organisation, **kwargs)
    db.session.add(item)
    db.session.flush()
    return item
