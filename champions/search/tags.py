"""The tags search filters by, chosen by name: each content type says which (see SearchType.tag_groups)."""
from __future__ import annotations

from dataclasses import dataclass

from champions.search.types import registered_types
from champions.slugs import slugify


@dataclass(frozen=True)
class TagChoice:
    """One tag as the filter offers it: the slug documents are indexed under, and its name."""

    slug: str
    name: str


def tag_groups() -> list[tuple[str, list[TagChoice]]]:
    """Every tag by group, as (group label, choices), from each content type in the order they registered
    (questions' taxonomy kinds first, then partner update categories)."""
    groups = [group for search_type in registered_types().values() if search_type.tag_groups
              for group in search_type.tag_groups()]
    return [(label, choices) for label, choices in groups if choices]


def find_tag(value: str) -> TagChoice | None:
    """The tag with this slug or name (any case, any spacing), or None when there is no such tag."""
    wanted = " ".join(value.split()).casefold()
    if not wanted:
        return None
    for _, choices in tag_groups():
        for choice in choices:
            if wanted in (choice.slug.casefold(), choice.name.casefold()) or slugify(wanted) == choice.slug:
                return choice
    return None
