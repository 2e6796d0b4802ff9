"""Earlier versions of what people write, for every content type: record, list (as the reader may), diff, scrub.

Questions, answers, meetings, practice examples, partner updates, induction lessons and learning-log
reflections all keep their versions here, in the one `revision` table.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from champions import params, permissions, privacy
from champions.extensions import db
from champions.revisions.models import COLUMNS, Revision, versions_of  # noqa: F401 (versions_of for models)
from champions.textdiff import diff

HISTORY_PER_PAGE = 10
# Versions only their writer may read: a learning-log reflection is nobody else's.
PRIVATE = frozenset({"reflection"})


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


def listing(content_type: str, object_id: int, reader):
    """A select() of the object's versions this person may read, newest first (they may read the object)."""
    same = (Revision.content_type == content_type, Revision.object_id == object_id)
    latest = Revision.id == select(func.max(Revision.id)).where(*same).scalar_subquery()
    readable = permissions.versions_clause(reader, content_type in PRIVATE, Revision.visibility,
                                           Revision.editor_id, latest)
    return (select(Revision).where(and_(*same), readable).options(joinedload(Revision.editor))
            .order_by(Revision.created_at.desc(), Revision.id.desc()))


def versions(content_type: str, object_id: int, reader) -> list[Revision]:
    """Every version of the object this person may read, newest first."""
    return list(db.session.scalars(listing(content_type, object_id, reader)))


def history(content_type: str, object_id: int, reader, fields=("title", "body"), per_page: int = HISTORY_PER_PAGE):
    """One page (?page=) of the versions this person may read, newest first, each with its changes from the one before.

    Each entry has the version, the one before it, its number, and `<field>_diff` word-level pieces for
    each field: None for the first version, for a field left as it was (except the last field, the main
    text) and for a change too large to mark word by word.
    """
    newest_first = listing(content_type, object_id, reader)
    page = params.paginate(newest_first, per_page=per_page)
    shown = list(page.items)
    # The version before the oldest on this page, to show what that one changed.
    older = db.session.scalars(newest_first.offset(page.page * per_page).limit(1)).first()
    first_id = db.session.scalar(select(func.min(Revision.id)).where(Revision.content_type == content_type,
                                                                     Revision.object_id == object_id))
    entries = []
    for index, (revision, before) in enumerate(zip(shown, [*shown[1:], older])):
        entry = {"number": page.total - (page.page - 1) * per_page - index, "revision": revision,
                 "before": before, "first": before is None, "original": revision.id == first_id}
        for field in fields:
            old, new = (before.fields.get(field) if before else None), revision.fields.get(field)
            changed = before is not None and (field == fields[-1] or old != new)
            entry[f"{field}_diff"] = diff(old, new) if changed else None
        entries.append(entry)
    return page, entries


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
