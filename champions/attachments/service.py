"""Taking a file in (size, type, text, personal data, metadata), saving it, and removing it."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from werkzeug.datastructures import FileStorage

from champions import audit, privacy, search
from champions.attachments import files, storage
from champions.attachments.models import PARENTS, Attachment
from champions.extensions import db
from champions.timeutil import utcnow

# The kinds of parent, by model class name.
KIND_OF = {"Question": "question", "Answer": "answer", "Meeting": "meeting", "PracticeExample": "practice_example",
           "Update": "update", "Resource": "resource"}
MAX_FINDINGS_SHOWN = 3


def max_bytes() -> int:
    """The largest file accepted (UPLOAD_MAX_MB, 20 MB by default)."""
    return int(current_app.config.get("UPLOAD_MAX_MB", 20) * 1024 * 1024)


def max_label() -> str:
    megabytes = current_app.config.get("UPLOAD_MAX_MB", 20)
    return f"{megabytes:g} MB"


@dataclass
class Checked:
    """A file that passed every check, ready to save."""

    name: str
    kind: str
    data: bytes
    text: str
    width: int | None = None
    height: int | None = None


def read_upload(upload: FileStorage) -> tuple[str, bytes]:
    """The file's safe name and bytes; Refused when it is empty or over the limit (read no further than that)."""
    name = files.safe_name(upload.filename or "")
    limit = max_bytes()
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise files.Refused(f"‘{name}’ is larger than {max_label()}. Make it smaller (for example, save a PDF "
                            f"with smaller images), or split it, and upload it again.")
    if not data:
        raise files.Refused(f"‘{name}’ is empty. Choose the file again.")
    return name, data


def personal_data_problem(name: str, extracted: files.Extracted, confirmed: bool) -> str | None:
    """The message to show when the text inside the file looks like personal data, else None.

    CHI and National Insurance numbers stop the file whatever; other findings (a phone number, a postcode)
    stop it unless the uploader confirms they are not about an identifiable person.
    """
    if not privacy.unknown_findings(extracted.text):  # one pass over the whole text; places only when needed
        return None
    found = []
    for segment in extracted.segments:
        for finding in privacy.unknown_findings(segment.text):
            found.append((finding, segment.where))
    if not found:
        return None
    certain = [(f, where) for f, where in found if f.certain]
    if not certain and confirmed:
        return None
    shown = (certain or found)[:MAX_FINDINGS_SHOWN]
    places = "; ".join(f"{privacy.describe(f)} in {where}" for f, where in shown)
    more = f" (and {len(certain or found) - len(shown)} more)" if len(certain or found) > len(shown) else ""
    if certain:
        return (f"‘{name}’ looks like it contains personal data: {places}{more}. Remove it from the file and "
                "upload the file again. The Hub is for practice, never about identifiable people.")
    return (f"‘{name}’ looks like it contains personal data: {places}{more}. Remove it from the file, or if it "
            "is not about an identifiable person, tick the box to confirm and upload it again.")


def check(upload: FileStorage, *, confirmed: bool = False) -> Checked:
    """Every check on an uploaded file; Refused (with the message to show) at the first it fails."""
    name, data = read_upload(upload)
    kind = files.sniff(data, name)
    width = height = None
    if kind in files.IMAGES:
        data, width, height = files.strip_metadata(data, kind)
    extracted = files.extract(data, kind)
    problem = personal_data_problem(name, extracted, confirmed)
    if problem:
        raise files.Refused(problem)
    return Checked(name=name, kind=kind, data=data, text=extracted.text[:files.MAX_TEXT_CHARS],
                   width=width, height=height)


def save(checked: Checked, parent, uploader, alt_text: str = "") -> Attachment:
    """Store the bytes and add the record to the session (the caller commits); StorageError leaves nothing behind."""
    kind = KIND_OF[type(parent).__name__]
    key = storage.new_key()
    store = storage.backend()
    store.save(key, checked.data)
    attachment = Attachment(parent_kind=kind, filename=checked.name, file_kind=checked.kind, size=len(checked.data),
                            storage_key=key, alt_text=(alt_text or "").strip(), width=checked.width,
                            height=checked.height, text=checked.text, uploader_id=uploader.id)
    setattr(attachment, PARENTS[kind], parent.id)
    db.session.add(attachment)
    try:
        db.session.flush()
    except Exception:
        _forget_bytes(store, key)
        raise
    search.enqueue("attachment", attachment.id)
    return attachment


def _forget_bytes(store, key: str) -> None:
    """Delete bytes whose record could not be saved (the database backend's go with the rolled-back transaction)."""
    if isinstance(store, storage.LocalStorage):
        try:
            store.delete(key)
        except storage.StorageError:
            pass  # `flask uploads check` reports bytes with no record


def read_bytes(attachment: Attachment) -> bytes:
    """The file's bytes (StorageError when they are missing)."""
    return storage.backend().read(attachment.storage_key)


def remove(attachment: Attachment, actor, personal_data: bool, reason: str = "") -> None:
    """Hide a file (kept, listed as removed, for champions); with personal data its bytes and text are deleted."""
    attachment.hidden = True
    attachment.removed_at = utcnow()
    attachment.removed_by_id = actor.id
    if personal_data:
        storage.backend().delete(attachment.storage_key)
        attachment.bytes_deleted = True
        attachment.text = ""
    audit.record(actor, "attachment.remove", attachment, summary=attachment.filename,
                 after={"bytes_deleted": attachment.bytes_deleted, "parent": f"{attachment.parent_kind}",
                        "reason": reason})
    search.enqueue("attachment", attachment.id)


def current(parents: dict[str, list[int]], user, *, with_earlier: bool = False) -> dict[tuple[str, int], list[Attachment]]:
    """The files on some parents ({kind: [id, ...]}) that this person may see, by (kind, parent id), oldest
    first, in one query (removed ones for champions). The query is built once a person for each set of kinds
    (the parents' ids are bound values): building and keying the whole permission condition cost a question's
    page more than running it."""
    from champions import permissions

    kinds = tuple(kind for kind, ids in parents.items() if ids)
    found: dict[tuple[str, int], list[Attachment]] = {(kind, i): [] for kind, ids in parents.items() for i in ids}
    if not kinds:
        return found
    statement = permissions.per_person(("files of", kinds, with_earlier), user,
                                       lambda: _files_of(kinds, user, with_earlier),
                                       of=tuple(permissions.ATTACHMENT.values()))
    values = {f"{kind}_ids": list(parents[kind]) for kind in kinds}
    for attachment in db.session.scalars(statement, values).unique():
        found[(attachment.parent_kind, getattr(attachment, PARENTS[attachment.parent_kind]))].append(attachment)
    return found


def _files_of(kinds: tuple[str, ...], user, with_earlier: bool):
    """current()'s query for parents of these kinds, their ids bound as <kind>_ids."""
    from sqlalchemy import and_, bindparam, or_, select
    from sqlalchemy.orm import joinedload

    from champions import permissions

    wanted = [and_(Attachment.parent_kind == kind,
                   getattr(Attachment, PARENTS[kind]).in_(bindparam(f"{kind}_ids", expanding=True)))
              for kind in kinds]
    query = (select(Attachment).options(joinedload(Attachment.uploader))
             .where(or_(*wanted), permissions.attachment_clause(user, kinds=list(kinds)))
             .order_by(Attachment.created_at, Attachment.id))
    return query if with_earlier else query.where(Attachment.replaced_by_id.is_(None))
