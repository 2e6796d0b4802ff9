"""The tags search filters by, chosen by name: the SDS taxonomy and topics, and partner update categories."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from champions.extensions import db


@dataclass(frozen=True)
class TagChoice:
    """One tag as the filter offers it: the slug documents are indexed under, and its name."""

    slug: str
    name: str


def tag_groups() -> list[tuple[str, list[TagChoice]]]:
    """Every tag by group, as (group label, choices): taxonomy kinds first, then update categories."""
    from champions.questions.models import TAG_KINDS, Tag
    from champions.updates.models import CATEGORIES

    tags = db.session.scalars(select(Tag).order_by(Tag.sort_order, Tag.name)).all()
    groups = [(label, [TagChoice(t.slug, t.name) for t in tags if t.kind == kind])
              for kind, label in TAG_KINDS.items()]
    groups.append(("Partner update categories", [TagChoice(key, label) for key, label in CATEGORIES.items()]))
    return [(label, choices) for label, choices in groups if choices]


def find_tag(value: str) -> TagChoice | None:
    """The tag with this slug or name (any case, any spacing), or None when there is no such tag."""
    from champions.questions.taxonomy import slugify

    wanted = " ".join(value.split()).casefold()
    if not wanted:
        return None
    for _, choices in tag_groups():
        for choice in choices:
            if wanted in (choice.slug.casefold(), choice.name.casefold()) or slugify(wanted) == choice.slug:
                return choice
    return None
