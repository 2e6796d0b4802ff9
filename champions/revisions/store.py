"""Writing and cleaning earlier versions (record, texts, scrub): no permissions, so models may use it.

Reading versions as a person may (listing, history) is in champions.revisions, which also re-exports these.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from champions import privacy
from champions.extensions import db
from champions.revisions.models import COLUMNS, Revision


def record(content_type: str, obj, editor, *, visibility: str | None = None, at=None, **fields) -> Revision:
    """Keep one version of obj (already flushed): the named fields, who saved it (a person or their id), and
    who could read it then (`visibility`, by default the object's own).

    title, summary and body have columns of their own; any other field is kept by name in `extra`.
    """
    columns = {name: _cut(fields.pop(name) or "", COLUMNS[name]) for name in COLUMNS if name in fields}
    editor_id = editor if isinstance(editor, int) or editor is None else getattr(editor, "id", None)
    revision = Revision(content_type=content_type, object_id=obj.id, editor_id=editor_id,
                        visibility=visibility or getattr(obj, "visibility", None) or "staff",
                        extra={name: _plain(value) for name, value in fields.items()}, **columns)
    if at is not None:
        revision.created_at = at
    db.session.add(revision)
    return revision


def _all(content_type: str, object_id: int) -> list[Revision]:
    return list(db.session.scalars(select(Revision).where(Revision.content_type == content_type,
                                                          Revision.object_id == object_id).order_by(Revision.id)))


def texts(content_type: str, object_id: int) -> list[str]:
    """Every piece of text in every version of the object (for finding personal data to remove)."""
    return [value for revision in _all(content_type, object_id) for value in revision.fields.values()
            if isinstance(value, str) and value]


def removed_personal_data(content_type: str, object_id: int, current: str) -> list[str]:
    """Personal-looking text in earlier versions of the object that its current text no longer has."""
    gone = {finding.text for text in texts(content_type, object_id) for finding in privacy.scan(text)
            if finding.text not in current}
    return sorted(gone)


def forget_removed_personal_data(content_type: str, object_id: int, current: str) -> int:
    """What looked like personal data and is no longer in the current text comes out of every version too."""
    return scrub(content_type, object_id, removed_personal_data(content_type, object_id, current))


def scrub(content_type: str, object_id: int, remove: list[str], limits: dict[str, int] | None = None) -> int:
    """Replace each string with '[removed]' in every version of the object; returns how many fields changed.

    `limits` cuts a field to the length of the content's own column (a question title holds 150 characters).
    """
    limits = {**{name: size for name, size in COLUMNS.items() if size}, **(limits or {})}
    remove = [text for text in remove if text and text.strip()]
    changed = 0
    for revision in _all(content_type, object_id) if remove else []:
        extra = dict(revision.extra or {})
        for name, value in revision.fields.items():
            if not isinstance(value, str) or not value:
                continue
            new = _cut(privacy.redact(value, remove), limits.get(name))
            if new == value:
                continue
            changed += 1
            if name in COLUMNS:
                setattr(revision, name, new)
            else:
                extra[name] = new
        if extra != (revision.extra or {}):
            revision.extra = extra  # a new dict, so the JSON column is written
    return changed


def _cut(text: str, limit: int | None) -> str:
    # "[removed]" can be longer than what it replaces; a column holds only so many characters.
    return text[:limit] if limit else text


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value
