"""Text inside attached files in search: one document per file, labelled by its parent's audience.

A change to a parent (hidden, published, shared more narrowly) queues its own search job; the listener
below queues its files' jobs with it, so their labels always follow the parent's.
"""
from __future__ import annotations

from sqlalchemy import event, or_, select

from champions import permissions
from champions.attachments.models import Attachment
from champions.extensions import db
from champions.search import SearchDocument, SearchJob, SearchType, register

KIND = "attachment"
# The search kind each parent is indexed under, and the parent column(s) it stands for.
_PARENT_JOBS = {"question": ("question_id",), "meeting": ("meeting_id",),
                "practice_example": ("practice_example_id",), "update": ("update_id",), "resource": ("resource_id",)}


def documents_for(attachment_id: int) -> list[SearchDocument]:
    """The file's document, when it has text and search may show it; its result leads to what it is attached to."""
    attachment = db.session.get(Attachment, attachment_id)
    audience = permissions.attachment_audience(attachment) if attachment is not None else None
    if audience is None or attachment.parent is None or not attachment.text or attachment.replaced_by_id:
        return []
    label = audience.search_label(attachment)
    if label is None:
        return []
    return [SearchDocument(
        doc_id=f"{KIND}:{attachment.id}", kind=KIND,
        title=f"{attachment.parent_title} (found in the attachment ‘{attachment.filename}’)",
        body=attachment.text, url=attachment.parent_url, visibility=label.level, owner_id=label.owner_id,
        created_at=attachment.created_at,
        author_name=attachment.uploader.display_name if attachment.uploader else "")]


def all_ids():
    """Every file with text, for a rebuild."""
    return db.session.scalars(select(Attachment.id).where(Attachment.text != ""))


def _queue_files_with_parents(session, _context, _instances) -> None:
    """Before a flush: a search job for a parent brings one for each of its files."""
    jobs = [obj for obj in session.new if isinstance(obj, SearchJob) and obj.kind in _PARENT_JOBS]
    if not jobs:
        return
    from champions.questions.models import Answer

    conditions = []
    for job in jobs:
        column = _PARENT_JOBS[job.kind][0]
        conditions.append(getattr(Attachment, column) == job.object_id)
        if job.kind == "question":
            conditions.append(Attachment.answer_id.in_(select(Answer.id).where(Answer.question_id == job.object_id)))
    with session.no_autoflush:
        ids = session.scalars(select(Attachment.id).where(or_(*conditions))).all()
    for attachment_id in ids:
        session.add(SearchJob(kind=KIND, object_id=attachment_id))


def init_app(app) -> None:
    """Watch the session: a search job for a parent brings one for each of its files (called by create_app)."""
    if not event.contains(db.session, "before_flush", _queue_files_with_parents):
        event.listen(db.session, "before_flush", _queue_files_with_parents)


register(SearchType(kind=KIND, label="Files", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=(f"{KIND}:",)))
