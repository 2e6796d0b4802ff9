"""The list of a parent's files, for the templates of every feature that takes attachments."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from champions.attachments import bp, service


def _batch(kind: str, parent) -> dict[str, list[int]]:
    """The parents whose files one query loads with this one's: a question and all its answers."""
    question = parent.question if kind == "answer" else parent if kind == "question" else None
    if question is None:
        return {kind: [parent.id]}
    return {"question": [question.id], "answer": [answer.id for answer in question.answers]}


@bp.app_template_global("attachments_for")
def attachments_for(kind: str, parent, with_earlier: bool = False):
    """The files on `parent` the current user may see (removed ones are listed, as removed, for champions).

    A question's page asks for the question's files and each answer's: the first call loads them all (one
    query) and the rest are answered from this request's cache.
    """
    if parent is None or getattr(parent, "id", None) is None or not getattr(current_user, "is_authenticated", False):
        return []
    cache = g.setdefault("_attachments_for", {})
    key = (kind, parent.id, with_earlier)
    if key not in cache:
        batch = _batch(kind, parent)
        found = service.current(batch, current_user._get_current_object(), with_earlier=with_earlier)
        for (each_kind, parent_id), files in found.items():
            cache[(each_kind, parent_id, with_earlier)] = files
    return cache.get(key, [])


def with_files(kind: str, parents) -> set[int]:
    """The ids of those of these parents (all of one question's page: see _batch) with files this person may
    see: loads them all as attachments_for would (one query, kept for the request), so that a page includes
    the files partial only where it shows something."""
    parents = list(parents)
    if not parents:
        return set()
    attachments_for(kind, parents[0])
    cache = g.get("_attachments_for", {})
    return {parent.id for parent in parents if cache.get((kind, parent.id, False))}
