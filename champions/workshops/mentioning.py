"""@mentions in workshop items, as in questions, answers and meeting notes: only people who may read the
workshop, each linked to their profile, each told once (champions.people.mentions does the work)."""
from __future__ import annotations

from flask import url_for

from champions import permissions
from champions.people import mentions
from champions.workshops.models import Item, Workshop


def label(workshop: Workshop) -> permissions.AccessLabel:
    """Who reads the workshop (its participants and champions, and once published its audience)."""
    return permissions.WORKSHOP.access_label(workshop)


def render(text: str | None) -> str:
    """An item's field as HTML: Markdown with mentions linked; one paragraph is shown inline (tables, lists)."""
    html = str(mentions.render(text)) if text else ""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def set_html(item: Item, names: list[str]) -> None:
    """Render these written fields of the item and keep them beside its words (its other fields' HTML kept)."""
    html = dict(item.html or {})
    for name in names:
        value = item.value(name)
        if value:
            html[name] = render(value)
        else:
            html.pop(name, None)
    item.html = html


def written(item: Item, names: list[str]) -> str:
    """Everything written in these fields of the item, as one text (to find who it mentions)."""
    return "\n\n".join(str(item.value(name) or "") for name in names)


def tell(item: Item, user, text: str, before: str | None = None) -> None:
    """Tell the people newly mentioned in an item, who may read its workshop."""
    from champions.moderation.held import title_clear

    workshop = item.workshop
    mentions.tell(text, before=before, label=label(workshop), actor=user,
                  where=f"the workshop {workshop.title}" if title_clear(workshop.title) else "a workshop",
                  url=url_for("workshops.detail", workshop_id=workshop.id, _anchor=f"item-{item.id}"),
                  subject=f"workshop:{workshop.id}")
