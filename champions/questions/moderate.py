"""Champion actions on questions and answers, each written to the audit log."""
from __future__ import annotations

from champions import audit, privacy, revisions, search
from champions.people import mentions
from champions.questions import notices, state
from champions.questions.models import Answer, Question
from champions.timeutil import utcnow

TITLE_MAX = Question.title.type.length


def hide(post, actor, reason: str) -> None:
    """Hide a question or answer with a reason (champions still see it, with a banner)."""
    post.hidden, post.hidden_reason, post.hidden_by_id = True, reason, actor.id
    audit.record(actor, f"{_kind(post)}.hide", post, summary=f"Hidden: {reason}",
                 before={"hidden": False}, after={"hidden": True, "reason": reason})
    _changed(post)
    if isinstance(post, Question):
        state.sync_notifications(post)  # answers' notifications follow their question, not the answer
    notices.hidden(post, actor, reason)


def restore(post, actor) -> None:
    """Show a hidden post again."""
    audit.record(actor, f"{_kind(post)}.restore", post, summary="Restored",
                 before={"hidden": True, "reason": post.hidden_reason}, after={"hidden": False})
    post.hidden, post.hidden_reason, post.hidden_by_id = False, "", None
    _changed(post)
    if isinstance(post, Question):
        state.sync_notifications(post)


def close(question: Question, actor, reason: str, duplicate_of: Question | None = None) -> None:
    """Close a question with a reason (and the question it duplicates)."""
    question.closed_reason, question.closed_at = reason, utcnow()
    question.duplicate_of_id = duplicate_of.id if duplicate_of else None
    audit.record(actor, "question.close", question, summary=f"Closed: {question.close_reason_label}",
                 after={"reason": reason, "duplicate_of": question.duplicate_of_id})
    search.enqueue("question", question.id)
    notices.closed(question, actor, duplicate_of)


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
    notices.locked(question, actor, locked)


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
    changed = 0
    for attribute in ("title", "body") if kind == "question" else ("body",):
        value = getattr(post, attribute) or ""
        # "[removed]" can be longer than what it replaces; the title column holds 150 characters.
        new = privacy.redact(value, texts)[:TITLE_MAX if attribute == "title" else None]
        if new != value:
            setattr(post, attribute, new)
            changed += 1
    changed += revisions.scrub(kind, post.id, texts, limits={"title": TITLE_MAX})
    post.body_html = str(mentions.render(post.body))  # mentions stay linked
    changed += _redact_copies(post.id if kind == "question" else post.question_id, texts)
    audit.record(actor, f"{kind}.{action}", post, summary=f"Removed {_count(len(texts), 'piece')} of text from {_count(changed, 'place')}",
                 after={"pieces": len(texts), "places": changed})
    search.enqueue("question", post.id if kind == "question" else post.question_id)
    if texts:
        search.enqueue_purge()  # the index must not keep the removed words in its deleted documents
    return changed


def _redact_copies(question_id: int, texts: list[str]) -> int:
    """Remove the texts from the copies of the post: meetings that discussed it, report notes, notifications
    about it and email about it not yet sent; returns how many meeting and report places changed."""
    from champions.moderation import copies  # the moderation package imports this module

    changed = copies.redact_meetings(question_id, texts) + copies.redact_flag_notes(question_id, texts)
    copies.redact_notices(f"question:{question_id}", texts)
    return changed


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _kind(post) -> str:
    return "question" if isinstance(post, Question) else "answer"


def _changed(post) -> None:
    question = post if isinstance(post, Question) else post.question
    state.refresh(question)
