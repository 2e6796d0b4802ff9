"""Earlier versions of what people write, for every content type: record, list (as the reader may), diff, scrub.

Questions, answers, meetings, practice examples, partner updates, induction lessons and learning-log
reflections all keep their versions here, in the one `revision` table.
"""
from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from champions import params, permissions
from champions.extensions import db
from champions.revisions.models import Revision, versions_of  # noqa: F401 (versions_of for models)
from champions.revisions.store import (  # noqa: F401 (one place to call)
    forget_removed_personal_data, record, removed_personal_data, scrub, texts)
from champions.textdiff import diff

HISTORY_PER_PAGE = 10
# Versions only their writer may read: a learning-log reflection is nobody else's.
PRIVATE = frozenset({"reflection"})


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


