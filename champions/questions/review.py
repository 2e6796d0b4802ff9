"""Questions and answers held for a champion: held on an edit, released, or hidden from the held queue."""
from __future__ import annotations

from champions import search
from champions.moderation import held
from champions.questions import moderate, service
from champions.questions.models import Answer, Question


def _kind(post) -> str:
    return "question" if isinstance(post, Question) else "answer"


def _question(post) -> Question:
    return post if isinstance(post, Question) else post.question


def _changed(post) -> None:
    question = _question(post)
    service.refresh(question)
    service.sync_notifications(question)
    search.enqueue("question", question.id)


def after_edit(guard: held.GuardResult, post, editor) -> None:
    """After an edit: hold the post if it now has a confirmed CHI or NI number; release it if the edit took
    that out (there is then nothing left to confirm); list any other confirmed warning for a champion."""
    kind = _kind(post)
    holding = held.open_overrides(kind, post.id, held=True)
    if guard.held:
        if holding:
            holding[-1].findings = guard.summary()
        else:
            post.held = True
            held.record(guard, kind, post, editor, event="edited")
            _changed(post)
        return
    # Recorded before any release below, so the release's notifications know a warning is still to check.
    if guard.overridden and not held.open_overrides(kind, post.id, held=False):
        held.record(guard, kind, post, editor, event="edited")
    if post.held:
        for item in holding:
            held.resolve(item, editor, "edited")
            held.audit_release(item, post, editor, "edited")
        _set_free(post, announce=any(item.event == "posted" for item in holding))


def _set_free(post, announce: bool) -> None:
    """Publish a held post; send the notifications its posting held back."""
    post.held = False
    _changed(post)
    if announce and isinstance(post, Question):
        service.announce_question(post, post.author)
    elif announce:
        service.touch(post.question)
        service.announce_answer(post, post.author)


def release(item, post, actor) -> None:
    """A champion publishes a held post as written (audited); its notifications go out now."""
    for other in held.open_overrides(item.content_type, item.object_id, held=True):
        held.resolve(other, actor, "released")
    held.audit_release(item, post, actor, "as written")
    _set_free(post, announce=item.event == "posted")


def hide(item, post, actor, reason: str) -> None:
    """A champion hides a held post with a reason: it stays hidden, and nobody is told about it."""
    for other in held.open_overrides(item.content_type, item.object_id, held=True):
        held.resolve(other, actor, "hidden")
    post.held = False
    if not post.hidden:
        moderate.hide(post, actor, reason)
    else:
        _changed(post)


def post_of(item) -> Question | Answer | None:
    """The question or answer an override is about."""
    from champions.extensions import db

    model = Question if item.content_type == "question" else Answer
    return db.session.get(model, item.object_id)
