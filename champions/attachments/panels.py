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
        for (each_kind, parent_id), files in service.current(_batch(kind, parent), current_user,
                                                             with_earlier=with_earlier).items():
            cache[(each_kind, parent_id, with_earlier)] = files
    return cache.get(key, [])
