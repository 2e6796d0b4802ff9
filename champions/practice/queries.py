"""Library queries: visibility in SQL, facet filters that combine, and counts for each filter value."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from sqlalchemy import Select, Table, func, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from champions import permissions
from champions.params import to_int
from champions.extensions import db
from champions.practice.models import FACETS, PracticeExample, practice_example_tag
from champions.questions.models import Tag
from champions.questions.service import DUPLICATE_WINDOW
from champions.timeutil import utcnow

SORTS = {"newest": "Newest first", "title": "Title (A to Z)"}


@dataclass(frozen=True)
class TagLibrary:
    """A library of content found by tags (practice examples, resources): what a person finds in it, its tag
    filters and their counts, from its audience in permissions.py and the table linking its items to tags."""

    audience: permissions.Audience
    link: Table  # (item column, tag_id)
    item_column: str

    def visible_clause(self, user):
        """SQL: what this person may find in the library: in the open (published) at a level they can read."""
        return self.audience.open_clause(user)

    def has_any_tag(self, tag_ids):
        """SQL: items with any of these tags."""
        return self.audience.model.id.in_(
            select(self.link.c[self.item_column]).where(self.link.c.tag_id.in_(tag_ids)))

    def facet_conditions(self, chosen: dict[str, list[int]], skip: str | None = None) -> list:
        """One condition per facet (any of its chosen tags); facets combine with AND."""
        return [self.has_any_tag(ids) for kind, ids in chosen.items() if ids and kind != skip]

    def tag_counts(self, user, where: Callable[[str], list]) -> dict[str, list[tuple[Tag, int]]]:
        """For each facet, every tag with how many items would match if it were chosen with the other filters
        (`where(facet)`: the conditions of every filter but that facet's)."""
        model, link = self.audience.model, self.link
        parts = []
        for kind in FACETS:  # each facet counted with the other filters' choices: one part each, one query in all
            matching = (select(link.c.tag_id, func.count(model.id.distinct()).label("n"))
                        .join(model, model.id == link.c[self.item_column])
                        .where(self.visible_clause(user), *where(kind))
                        .group_by(link.c.tag_id).subquery())
            parts.append(select(matching.c.tag_id, matching.c.n).join(Tag, Tag.id == matching.c.tag_id)
                         .where(Tag.kind == kind))
        counts = dict(db.session.execute(union_all(*parts)).all())
        tags = db.session.scalars(select(Tag).where(Tag.kind.in_(list(FACETS)))
                                  .order_by(Tag.sort_order, Tag.name)).all()
        return {kind: [(tag, counts.get(tag.id, 0)) for tag in tags if tag.kind == kind] for kind in FACETS}


LIBRARY = TagLibrary(permissions.PRACTICE_EXAMPLE, practice_example_tag, "example_id")
visible_clause = LIBRARY.visible_clause
facet_conditions = LIBRARY.facet_conditions


def library_query(user, chosen: dict[str, list[int]], sort: str = "newest") -> Select:
    """Published examples this person may see, matching every chosen facet."""
    query = (select(PracticeExample).where(visible_clause(user), *facet_conditions(chosen))
             .options(selectinload(PracticeExample.tags)))
    if sort == "title":
        return query.order_by(func.lower(PracticeExample.title), PracticeExample.id)
    return query.order_by(PracticeExample.published_at.desc(), PracticeExample.id.desc())


def facet_counts(user, chosen: dict[str, list[int]]) -> dict[str, list[tuple[Tag, int]]]:
    """For each facet, every tag with how many examples would match if it were chosen with the other facets."""
    return LIBRARY.tag_counts(user, lambda skip: facet_conditions(chosen, skip))


def chosen_from_args(args) -> dict[str, list[int]]:
    """The tag ids chosen for each facet in the query string (ignoring anything that is not a number)."""
    chosen = {}
    for kind in FACETS:
        ids = [n for n in (to_int(value) for value in args.getlist(kind)) if n is not None]
        if ids:
            chosen[kind] = ids
    return chosen


def due_for_review_query() -> Select:
    """Published examples whose review date has passed, oldest first."""
    return (select(PracticeExample).options(joinedload(PracticeExample.author))
            .where(PracticeExample.status == "published", PracticeExample.review_due_on < date.today())
            .order_by(PracticeExample.review_due_on, PracticeExample.id))


def mine_query(user) -> Select:
    """The person's own examples that they may still open (any status), most recently changed first."""
    return (select(PracticeExample).where(PracticeExample.author_id == user.id, permissions.PRACTICE_EXAMPLE.clause(user))
            .order_by(PracticeExample.updated_at.desc(), PracticeExample.id.desc()))


def linked_examples_query(question, user) -> Select:
    """Published examples linked to a question that this person may see, by title."""
    from champions.practice.models import practice_example_question as link

    return (select(PracticeExample)
            .join(link, link.c.example_id == PracticeExample.id)
            .where(link.c.question_id == question.id, visible_clause(user))
            .order_by(PracticeExample.title))


def linked_examples(question, user) -> list[PracticeExample]:
    """Published examples linked to a question that this person may see (one query)."""
    return db.session.scalars(linked_examples_query(question, user)).all()


def recent_duplicate(author, form, status: str) -> PracticeExample | None:
    """The same example (title and text) this person wrote within DUPLICATE_WINDOW and left in `status`, if any.

    A draft saved, then sent for review from the same page (Back), is not a duplicate: it is a new request.
    """
    candidates = db.session.scalars(select(PracticeExample).where(
        PracticeExample.author_id == author.id, PracticeExample.created_at >= utcnow() - DUPLICATE_WINDOW,
        PracticeExample.status == status,
        PracticeExample.title == (form.title.data or "").strip()).order_by(PracticeExample.id.desc()))
    # Back and send again posts the same text; spacing differences are no new example.
    same = lambda a, b: (a or "").split() == (b or "").split()  # noqa: E731
    return next((e for e in candidates if all(same(getattr(e, name), getattr(form, name).data)
                                              for name in ("summary", "situation", "action"))), None)
