"""What evidence may link to: each kind of Hub content, how it is found, titled, and who may see it.

A feature adds a kind with register_kind() (the seam for workshop items: the workshops feature registers
"workshop_item" with its audience, and its search kind if it has one). A link is shown with its title only to
a reader its kind's `allows` admits; everyone else learns only that there is something they cannot see.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import url_for
from sqlalchemy import select

from champions import permissions
from champions.extensions import db


@dataclass(frozen=True)
class EvidenceKind:
    """One kind of Hub content evidence can link to."""

    name: str                                   # stored in Evidence.kind
    label: str                                  # "Practice example"
    load: Callable[[int], Any]                  # id -> object or None
    allows: Callable[[Any, Any], bool]          # (user, object) -> may they see it?
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    search_prefix: str | None = None            # doc ids "practice_example:5" in the Hub search
    find: Callable[[Any, str], list] | None = None  # (user, text) -> objects, for kinds search does not hold


KINDS: dict[str, EvidenceKind] = {}


def register_kind(kind: EvidenceKind) -> EvidenceKind:
    """Let evidence link to another kind of content."""
    KINDS[kind.name] = kind
    return kind


@dataclass
class Link:
    """An evidence link as one reader sees it: the title and address only when they may see the content."""

    kind: str
    label: str
    title: str | None
    url: str | None

    @property
    def visible(self) -> bool:
        return self.title is not None


def resolve(kind_name: str, object_id: int | None, reader) -> Link | None:
    """The linked content as this reader sees it (None for free text or an unknown kind)."""
    kind = KINDS.get(kind_name)
    if kind is None or object_id is None:
        return None
    obj = kind.load(object_id)
    if obj is None or not kind.allows(reader, obj):
        return Link(kind_name, kind.label, None, None)
    return Link(kind_name, kind.label, kind.title(obj), kind.url(obj))


def linkable(kind_name: str, object_id: int, user) -> Any:
    """The object when this person may link it as evidence (they may see it), else None."""
    kind = KINDS.get(kind_name)
    obj = kind.load(object_id) if kind is not None else None
    return obj if obj is not None and kind.allows(user, obj) else None


def from_search_hit(doc_id: str) -> tuple[str, int] | None:
    """(kind, id) for a search result a kind of evidence accepts (an answer's document is not one)."""
    prefix, _, raw = doc_id.partition(":")
    for kind in KINDS.values():
        if kind.search_prefix == prefix and raw.isdigit():
            return kind.name, int(raw)
    return None


def search_kinds() -> list[str]:
    """The search types evidence may come from."""
    return [k.search_prefix for k in KINDS.values() if k.search_prefix]


def _question():
    from champions.questions.models import Question

    return EvidenceKind(
        "question", "Question", lambda i: db.session.get(Question, i), permissions.QUESTION.allows,
        lambda q: q.title, lambda q: url_for("questions.detail", question_id=q.id), search_prefix="question")


def _practice():
    from champions.practice.models import PracticeExample

    return EvidenceKind(
        "practice_example", "Practice example", lambda i: db.session.get(PracticeExample, i),
        permissions.PRACTICE_EXAMPLE.allows, lambda e: e.title,
        lambda e: url_for("practice.detail", example_id=e.id), search_prefix="practice_example")


def _meeting():
    from champions.meetings.models import Meeting

    return EvidenceKind(
        "meeting", "Meeting notes", lambda i: db.session.get(Meeting, i), permissions.MEETING.allows,
        lambda m: m.title, lambda m: url_for("meetings.detail", meeting_id=m.id), search_prefix="meeting")


def _find_actions(user, text: str) -> list:
    from champions.meetings import service
    from champions.meetings.models import Action

    words = text.strip()[:100]
    if not words:
        return []
    return list(db.session.scalars(select(Action).where(service.action_clause(user),
                                                        Action.what.icontains(words, autoescape=True))
                                   .order_by(Action.id.desc()).limit(10)))


def _action():
    from champions.meetings import service
    from champions.meetings.models import Action

    def url(action):
        return service.action_origins([action]).get(action.id, ("", url_for("meetings.actions")))[1]

    return EvidenceKind("action", "Action", lambda i: db.session.get(Action, i), service.action_visible,
                        lambda a: a.what, url, find=_find_actions)


def _workshop():
    from champions.workshops.models import Workshop

    return EvidenceKind(
        "workshop", "Workshop", lambda i: db.session.get(Workshop, i), permissions.WORKSHOP.allows,
        lambda w: w.title, lambda w: url_for("workshops.detail", workshop_id=w.id), search_prefix="workshop")


def _find_workshop_items(user, text: str) -> list:
    from champions.workshops.models import Item, Workshop

    words = text.strip()[:100]
    if not words:
        return []
    readable = select(Workshop.id).where(permissions.WORKSHOP.clause(user))
    return list(db.session.scalars(select(Item).where(Item.workshop_id.in_(readable), Item.text.icontains(words, autoescape=True))
                                   .order_by(Item.id.desc()).limit(10)))


def _workshop_item():
    """A card's solution, an issue passed up, a quick win, an authority action: read with its workshop."""
    from champions.workshops.models import Item
    from champions.workshops.sections import label_of

    return EvidenceKind(
        "workshop_item", "Workshop item", lambda i: db.session.get(Item, i),
        lambda user, item: permissions.WORKSHOP.allows(user, item.workshop),
        lambda item: f"{item.workshop.title}: {label_of(item.section)}: {item.text[:120]}",
        lambda item: url_for("workshops.detail", workshop_id=item.workshop_id, _anchor=f"item-{item.id}"),
        find=_find_workshop_items)


for _make in (_practice, _question, _meeting, _action, _workshop, _workshop_item):
    register_kind(_make())
