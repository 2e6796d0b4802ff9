"""What evidence may link to: each kind of Hub content, how it is found, titled, and who may see it.

A feature adds a kind with register_kind() (the seam for workshop items: the workshops feature registers
"workshop_item" with its audience, and its search kind if it has one). A link is shown with its title only to
a reader its kind's `allows` admits; everyone else learns only that there is something they cannot see.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable

from flask import url_for
from sqlalchemy import Integer, String, case, literal, null, select, union_all
from sqlalchemy.orm import joinedload

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
    # Many links at once (an evaluation's page), every kind in one query: (reader, ids) -> a select made by
    # _rows(), `visible` from the kind's audience in SQL (as `allows` decides for one); then the rows the
    # reader may see -> {id: (title, url)}.
    rows: Callable[[Any, list[int]], Any] | None = None
    present: Callable[[list], dict[int, tuple[str, str]]] | None = None


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
    """Each (kind, id) as this reader sees it: the links of every kind in one query, not one per link or kind."""
    wanted: dict[str, set[int]] = {}
    for kind_name, object_id in pairs:
        if kind_name in KINDS and object_id is not None:
            wanted.setdefault(kind_name, set()).add(object_id)
    shown: dict[tuple[str, int], tuple[str, str]] = {}
    batched = {name: ids for name, ids in wanted.items() if KINDS[name].rows is not None}
    if batched:
        parts = [select(literal(name, String).label("kind"), *KINDS[name].rows(reader, sorted(ids)).subquery().c)
                 for name, ids in batched.items()]
        found: dict[str, list] = {}
        for row in db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
            if row.visible:
                found.setdefault(row.kind, []).append(row)
        for name, rows in found.items():
            shown.update(((name, object_id), link) for object_id, link in KINDS[name].present(rows).items())
    for name in wanted.keys() - batched.keys():  # a kind without `rows`: one by one
        kind = KINDS[name]
        for object_id in wanted[name]:
            obj = kind.load(object_id)
            if obj is not None and kind.allows(reader, obj):
                shown[(name, object_id)] = (kind.title(obj), kind.url(obj))
    return {(name, object_id): Link(name, KINDS[name].label, *shown.get((name, object_id), (None, None)))
            for name, ids in wanted.items() for object_id in ids}


def _rows(model, reader, ids, clause, title, detail=None, text=None, ref=None, join=None):
    """A kind's `rows`: its objects with these ids, each with whether the reader may see it (`clause`), as
    (id, visible, title, detail, text, ref): the same columns for every kind (None where it has nothing to put),
    so that the kinds are read in one UNION."""
    query = select(model.id.label("id"), case((clause, 1), else_=0).label("visible"), title.label("title"),
                   (detail if detail is not None else null()).cast(String).label("detail"),
                   (text if text is not None else null()).cast(String).label("text"),
                   (ref if ref is not None else null()).cast(Integer).label("ref"))
    return (query.join(join) if join is not None else query).where(model.id.in_(ids))


def _present(endpoint: str, key: str) -> Callable[[list], dict[int, tuple[str, str]]]:
    """A kind's `present` when the title is its own and the address is its page's."""
    return lambda rows: {row.id: (row.title, url_for(endpoint, **{key: row.id})) for row in rows}


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
        rows=lambda reader, ids: _rows(Question, reader, ids, permissions.QUESTION.clause(reader), Question.title),
        present=_present("questions.detail", "question_id"))


def _practice():
    from champions.practice.models import PracticeExample

    return EvidenceKind(
        "practice_example", "Practice example", lambda i: db.session.get(PracticeExample, i),
        permissions.PRACTICE_EXAMPLE.allows, lambda e: e.title,
        lambda e: url_for("practice.detail", example_id=e.id), search_prefix="practice_example",
        rows=lambda reader, ids: _rows(PracticeExample, reader, ids, permissions.PRACTICE_EXAMPLE.clause(reader),
                                       PracticeExample.title),
        present=_present("practice.detail", "example_id"))


def _meeting():
    from champions.meetings.models import Meeting

    return EvidenceKind(
        "meeting", "Meeting notes", lambda i: db.session.get(Meeting, i), permissions.MEETING.allows,
        lambda m: m.title, lambda m: url_for("meetings.detail", meeting_id=m.id), search_prefix="meeting",
        rows=lambda reader, ids: _rows(Meeting, reader, ids, permissions.MEETING.clause(reader), Meeting.title),
        present=_present("meetings.detail", "meeting_id"))


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

    def present(rows) -> dict[int, tuple[str, str]]:
        # Where each was raised: a meeting's from the row, any other's from its source (a query for each).
        origins = service.action_origins([SimpleNamespace(id=row.id, meeting_id=None) for row in rows
                                          if row.ref is None])
        return {row.id: (row.title, url_for("meetings.detail", meeting_id=row.ref, _anchor="actions")
                         if row.ref is not None else origins.get(row.id, ("", url_for("meetings.actions")))[1])
                for row in rows}

    return EvidenceKind("action", "Action", lambda i: db.session.get(Action, i), service.action_visible,
                        lambda a: a.what, url, find=_find_actions,
                        rows=lambda reader, ids: _rows(Action, reader, ids, service.action_clause(reader), Action.what,
                                                       ref=Action.meeting_id),
                        present=present)


def _workshop():
    from champions.workshops.models import Workshop

    return EvidenceKind(
        "workshop", "Workshop", lambda i: db.session.get(Workshop, i), permissions.WORKSHOP.allows,
        lambda w: w.title, lambda w: url_for("workshops.detail", workshop_id=w.id), search_prefix="workshop",
        rows=lambda reader, ids: _rows(Workshop, reader, ids, permissions.WORKSHOP.clause(reader), Workshop.title),
        present=_present("workshops.detail", "workshop_id"))


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
        rows=lambda reader, ids: _rows(Item, reader, ids, permissions.WORKSHOP.clause(reader), Workshop.title,
                                       detail=Item.section, text=Item.text, ref=Item.workshop_id, join=Item.workshop),
        present=lambda rows: {row.id: (f"{row.title}: {label_of(row.detail)}: {row.text[:120]}",
                                       url_for("workshops.detail", workshop_id=row.ref, _anchor=f"item-{row.id}"))
                              for row in rows})


for _make in (_practice, _question, _meeting, _action, _workshop, _workshop_item):
    register_kind(_make())
