"""Champion actions on questions and answers, each written to the audit log."""
from __future__ import annotations

import re

from sqlalchemy import or_, select

from champions import audit, markdown, privacy, search
from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage
from champions.questions import service
from champions.questions.models import Answer, Question, Revision
from champions.timeutil import utcnow

TITLE_MAX = Question.title.type.length


def hide(post, actor, reason: str) -> None:
    """Hide a question or answer with a reason (champions still see it, with a banner)."""
    post.hidden, post.hidden_reason, post.hidden_by_id = True, reason, actor.id
    audit.record(actor, f"{_kind(post)}.hide", post, summary=f"Hidden: {reason}",
                 before={"hidden": False}, after={"hidden": True, "reason": reason})
    _changed(post)
    if isinstance(post, Question):
        service.sync_notifications(post)  # answers' notifications follow their question, not the answer


def restore(post, actor) -> None:
    """Show a hidden post again."""
    audit.record(actor, f"{_kind(post)}.restore", post, summary="Restored",
                 before={"hidden": True, "reason": post.hidden_reason}, after={"hidden": False})
    post.hidden, post.hidden_reason, post.hidden_by_id = False, "", None
    _changed(post)
    if isinstance(post, Question):
        service.sync_notifications(post)


def close(question: Question, actor, reason: str, duplicate_of: Question | None = None) -> None:
    """Close a question with a reason (and the question it duplicates)."""
    question.closed_reason, question.closed_at = reason, utcnow()
    question.duplicate_of_id = duplicate_of.id if duplicate_of else None
    audit.record(actor, "question.close", question, summary=f"Closed: {question.close_reason_label}",
                 after={"reason": reason, "duplicate_of": question.duplicate_of_id})
    search.enqueue("question", question.id)


def reopen(question: Question, actor) -> None:
    """Reopen a closed question."""
    audit.record(actor, "question.reopen", question, summary="Reopened",
                 before={"reason": question.closed_reason, "duplicate_of": question.duplicate_of_id})
    question.closed_reason, question.closed_at, question.duplicate_of_id = "", None, None
    search.enqueue("question", question.id)


def set_locked(question: Question, actor, locked: bool) -> None:
    """Lock a thread against new answers, or unlock it."""
    question.locked = locked
    audit.record(actor, "question.lock" if locked else "question.unlock", question,
                 summary="Locked" if locked else "Unlocked", after={"locked": locked})


def set_endorsed(answer: Answer, actor, endorsed: bool) -> None:
    """Endorse an answer on behalf of the SDS Champions, or withdraw the endorsement."""
    answer.endorsed_by_id = actor.id if endorsed else None
    answer.endorsed_at = utcnow() if endorsed else None
    audit.record(actor, "answer.endorse" if endorsed else "answer.unendorse", answer,
                 summary="Endorsed" if endorsed else "Endorsement withdrawn", after={"endorsed": endorsed})
    search.enqueue("question", answer.question_id)


def redact(post, actor, texts: list[str], action: str = "redact") -> int:
    """Replace each text with '[removed]' in the post and all its revisions; returns how many places changed.

    The audit entry records only how much was removed, never the text itself.
    """
    texts = sorted({t for t in texts if t and t.strip()}, key=len, reverse=True)
    kind = _kind(post)
    revisions = db.session.scalars(select(Revision).where(Revision.content_type == kind,
                                                          Revision.object_id == post.id)).all()
    changed = 0
    for item in [post, *revisions]:
        for attribute in ("title", "body"):
            value = getattr(item, attribute, None)
            if not value or (attribute == "title" and kind != "question"):
                continue
            new = privacy.redact(value, texts)
            if attribute == "title":
                # "[removed]" can be longer than what it replaces; the title column holds 150 characters.
                new = new[:TITLE_MAX]
            if new != value:
                setattr(item, attribute, new)
                changed += 1
    post.body_html = str(markdown.render(post.body))
    changed += _redact_copies(post.id if kind == "question" else post.question_id, texts)
    audit.record(actor, f"{kind}.{action}", post, summary=f"Removed {_count(len(texts), 'piece')} of text from {_count(changed, 'place')}",
                 after={"pieces": len(texts), "places": changed})
    search.enqueue("question", post.id if kind == "question" else post.question_id)
    if texts:
        search.enqueue_purge()  # the index must not keep the removed words in its deleted documents
    return changed


def _redact_copies(question_id: int, texts: list[str]) -> int:
    """Remove the texts from the copies of the post: meetings that discussed it, report notes, notification
    titles that link to it and email not yet sent; returns how many meeting and report places changed."""
    from champions.moderation import copies  # the moderation package imports this module

    changed = copies.redact_meetings(question_id, texts) + copies.redact_flag_notes(question_id, texts)
    url = f"/questions/{question_id}"
    for note in db.session.scalars(select(Notification).where(
            or_(Notification.url == url, Notification.url.like(url + "#%")))):
        note.title = privacy.redact(note.title, texts)
    link = re.compile(re.escape(url) + r"(?!\d)")
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent",
                                                                   OutboxMessage.body.contains(url))):
        if link.search(message.body):  # a digest may link several questions: redact only where this one is
            message.subject, message.body = privacy.redact(message.subject, texts), privacy.redact(message.body, texts)
    return changed


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _kind(post) -> str:
    return "question" if isinstance(post, Question) else "answer"


def _changed(post) -> None:
    question = post if isinstance(post, Question) else post.question
    service.refresh(question)
