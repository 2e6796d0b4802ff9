"""Telling authors what champions did to their questions and answers: hidden, closed, locked."""
from __future__ import annotations

from champions import permissions
from champions.extensions import db
from champions.notifications.service import notify
from champions.questions.models import Question
from champions.people.names import person_name


def _named(question: Question, text: str) -> str:
    """The sentence with the question's title, unless the title is still to be checked for personal data."""
    from champions.moderation import held

    # Held, or a title its author confirmed despite the guard: it stays out of notifications and email subjects.
    if held.pending("question", question.id) or not held.title_clear(question.title):
        return text
    return f"{text}: {question.title}"


def _reason(reason: str) -> str:
    """". Reason: ..." for a title, unless the guard finds personal data in the champion's words."""
    from champions.moderation import held

    return f". Reason: {reason}" if held.title_clear(reason) else ". The reason is on the page"


def hidden(post, actor, reason: str) -> None:
    """Tell the author their post was hidden, with the reason; they read it still and may fix it."""
    question = post if isinstance(post, Question) else post.question
    what = "question" if isinstance(post, Question) else "answer to"
    audience = permissions.QUESTION if isinstance(post, Question) else permissions.ANSWER
    url = question.url if isinstance(post, Question) else f"{question.url}#answer-{post.id}"
    title = _named(question, f"{person_name(actor)} hid your {what}") + _reason(reason)
    notify([post.author], kind="content_hidden", title=title, url=url, visibility=audience.access_label(post),
           actor=actor, subject=f"question:{question.id}")


def closed(question: Question, actor, duplicate_of: Question | None) -> None:
    """Tell the asker their question was closed, with the reason (and the link to the question it repeats)."""
    title = _named(question, f"{person_name(actor)} closed your question") + _reason(question.close_reason_label)
    if duplicate_of is not None and permissions.can(question.author, "question.view", duplicate_of):
        title += f". See {duplicate_of.title}"
        url = duplicate_of.url
    else:
        url = question.url
    notify([question.author], kind="question_closed", title=title, url=url,
           visibility=permissions.QUESTION.access_label(question), actor=actor, subject=f"question:{question.id}")


def locked(question: Question, actor, is_locked: bool) -> None:
    """Tell the asker their question was locked against new answers (or unlocked)."""
    did = "locked" if is_locked else "unlocked"
    title = _named(question, f"{person_name(actor)} {did} your question")
    if is_locked:
        title += ". No new answers can be added"
    notify([question.author], kind="question_closed", title=title, url=question.url,
           visibility=permissions.QUESTION.access_label(question), actor=actor, subject=f"question:{question.id}")


def hidden_post_changed(post, editor) -> None:
    """The author changed a hidden post: ask the champions to look again and restore it if it is now fine."""
    question = post if isinstance(post, Question) else post.question
    what = "question" if isinstance(post, Question) else "answer"
    url = question.url if isinstance(post, Question) else f"{question.url}#answer-{post.id}"
    audience = permissions.QUESTION if isinstance(post, Question) else permissions.ANSWER
    champions = db.session.scalars(permissions.recipients("champions"))
    notify(champions, kind="hidden_changed",
           title=f"{person_name(editor)} changed their hidden {what}: check it and restore it if it is now fine",
           url=url, visibility=audience.access_label(post), actor=editor, subject=f"question:{question.id}")


def mentioned(post, author, body: str, before: str | None = None) -> None:
    """Notify the people the post newly mentions who may see it (not while it is held for a champion)."""
    from champions.people import mentions

    if post.held:
        return
    if isinstance(post, Question):
        label, where, url = permissions.QUESTION.access_label(post), "a question", post.url
        question = post
    else:
        question = post.question
        label, where, url = permissions.ANSWER.access_label(post), "an answer", f"{question.url}#answer-{post.id}"
    mentions.tell(body, before=before, label=label, actor=author, where=_named(question, where), url=url,
                  subject=f"question:{question.id}")
