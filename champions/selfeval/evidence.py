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
from sqlalchemy.orm import joinedload, selectinload

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
    # Many links at once (an evaluation's page): ids -> {id: object} in one query, with what `allows` reads;
    # (user, objects) -> the ids they may see, in one query; objects -> {id: url}. Else one by one.
    load_many: Callable[[list[int]], dict[int, Any]] | None = None
    allows_many: Callable[[Any, list], set[int]] | None = None
    urls: Callable[[list], dict[int, str]] | None = None


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
    return resolve_many([(kind_name, object_id)], reader).get((kind_name, object_id))


def resolve_many(pairs, reader) -> dict[tuple[str, int], Link]:
    """Each (kind, id) as this reader sees it: each kind's objects loaded in one query, not one per link."""
    wanted: dict[str, set[int]] = {}
    for kind_name, object_id in pairs:
        if kind_name in KINDS and object_id is not None:
            wanted.setdefault(kind_name, set()).add(object_id)
    found: dict[tuple[str, int], Link] = {}
    for kind_name, ids in wanted.items():
        kind = KINDS[kind_name]
        objects = kind.load_many(sorted(ids)) if kind.load_many else {i: kind.load(i) for i in ids}
        present = [obj for obj in objects.values() if obj is not None]
        allowed = (kind.allows_many(reader, present) if kind.allows_many
                   else {obj.id for obj in present if kind.allows(reader, obj)})
        urls = kind.urls([obj for obj in present if obj.id in allowed]) if kind.urls and allowed else {}
        for object_id in ids:
            obj = objects.get(object_id)
            if obj is None or obj.id not in allowed:
                found[(kind_name, object_id)] = Link(kind_name, kind.label, None, None)
            else:
                found[(kind_name, object_id)] = Link(kind_name, kind.label, kind.title(obj),
                                                     urls.get(obj.id) or kind.url(obj))
    return found


def _by_id(model, options: Callable[[], tuple] = tuple) -> Callable[[list[int]], dict[int, Any]]:
    """Load objects of one model by id in one query, with the loader options `options()` gives (made when
    used: the models are not all mapped while kinds are registered)."""
    def load(ids: list[int]) -> dict[int, Any]:
        query = select(model).where(model.id.in_(ids)).options(*options())
        return {obj.id: obj for obj in db.session.scalars(query)}
    return load


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
        lambda q: q.title, lambda q: url_for("questions.detail", question_id=q.id), search_prefix="question",
        load_many=_by_id(Question))


def _practice():
    from champions.practice.models import PracticeExample

    return EvidenceKind(
        "practice_example", "Practice example", lambda i: db.session.get(PracticeExample, i),
        permissions.PRACTICE_EXAMPLE.allows, lambda e: e.title,
        lambda e: url_for("practice.detail", example_id=e.id), search_prefix="practice_example",
        load_many=_by_id(PracticeExample))


def _meeting():
    from champions.meetings.models import Meeting

    return EvidenceKind(
        "meeting", "Meeting notes", lambda i: db.session.get(Meeting, i), permissions.MEETING.allows,
        lambda m: m.title, lambda m: url_for("meetings.detail", meeting_id=m.id), search_prefix="meeting",
        load_many=_by_id(Meeting))


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

    def visible(user, actions) -> set[int]:
        return set(db.session.scalars(select(Action.id).where(Action.id.in_([a.id for a in actions]),
                                                              service.action_clause(user))))

    def urls(actions) -> dict[int, str]:
        return {action_id: origin[1] for action_id, origin in service.action_origins(actions).items()}

    return EvidenceKind("action", "Action", lambda i: db.session.get(Action, i), service.action_visible,
                        lambda a: a.what, url, find=_find_actions,
                        load_many=_by_id(Action, lambda: (selectinload(Action.meeting),)), allows_many=visible, urls=urls)


def _workshop():
    from champions.workshops.models import Workshop

    return EvidenceKind(
        "workshop", "Workshop", lambda i: db.session.get(Workshop, i), permissions.WORKSHOP.allows,
        lambda w: w.title, lambda w: url_for("workshops.detail", workshop_id=w.id), search_prefix="workshop",
        load_many=_by_id(Workshop, lambda: (selectinload(Workshop.participants),)))


def _find_workshop_items(user, text: str) -> list:
    from champions.workshops.models import Item, Workshop

    words = text.strip()[:100]
    if not words:
        return []
    readable = select(Workshop.id).where(permissions.WORKSHOP.clause(user))
    return list(db.session.scalars(select(Item).options(joinedload(Item.workshop))
                                   .where(Item.workshop_id.in_(readable), Item.text.icontains(words, autoescape=True))
                                   .order_by(Item.id.desc()).limit(10)))


def _workshop_item():
    """A card's solution, an issue passed up, a quick win, an authority action: read with its workshop."""
    from champions.workshops.models import Item, Workshop
    from champions.workshops.sections import label_of

    return EvidenceKind(
        "workshop_item", "Workshop item", lambda i: db.session.get(Item, i),
        lambda user, item: permissions.WORKSHOP.allows(user, item.workshop),
        lambda item: f"{item.workshop.title}: {label_of(item.section)}: {item.text[:120]}",
        lambda item: url_for("workshops.detail", workshop_id=item.workshop_id, _anchor=f"item-{item.id}"),
        find=_find_workshop_items,
        load_many=_by_id(Item, lambda: (joinedload(Item.workshop).selectinload(Workshop.participants),)))


for _make in (_practice, _question, _meeting, _action, _workshop, _workshop_item):
    register_kind(_make())
