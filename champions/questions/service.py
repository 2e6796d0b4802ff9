"""Writing questions and answers: revisions, denormalised counts, status, notifications and search."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import defer

from champions import audit, permissions, revisions, search
from champions.auth.models import User
from champions.extensions import db
from champions.people import following, mentions
from champions.questions import notices
from champions.questions.models import PARTNER_VISIBILITY, Answer, Follow, Question, Tag
from champions.questions.state import notification_level, refresh, sync_notifications
from champions.timeutil import utcnow
from champions.people.names import person_name

# An identical post by the same person within this time is a double submit, not a new post.
DUPLICATE_WINDOW = timedelta(minutes=10)


def _notify(*args, **kwargs) -> None:
    from champions.notifications.service import notify

    notify(*args, **kwargs)


def title_cleared(question: Question) -> bool:
    """May the question's title go in a notification (and so an email subject)? Not while a champion is
    still to check personal data its author confirmed: an email cannot be unsent."""
    from champions.moderation import held

    return not held.pending("question", question.id)


def add_revision(content_type: str, obj, editor) -> revisions.Revision:
    """Keep this version of a question or answer, with who could read the question then."""
    question = obj if content_type == "question" else db.session.get(Question, obj.question_id)
    title = obj.title if content_type == "question" else ""
    return revisions.record(content_type, obj, editor, visibility=question.visibility, title=title, body=obj.body)


def touch(question: Question) -> None:
    """Mark new activity on a question."""
    question.last_activity_at = utcnow()


def follow(question: Question, user) -> None:
    """Follow a question (no-op if already following)."""
    exists = db.session.scalar(select(Follow.id).where(Follow.question_id == question.id, Follow.user_id == user.id))
    if not exists:
        db.session.add(Follow(question_id=question.id, user_id=user.id))


def unfollow(question: Question, user) -> None:
    """Stop following a question."""
    for item in db.session.scalars(select(Follow).where(_follows(question, user))):
        db.session.delete(item)


def _follows(question: Question, user):
    """SQL on Follow: this person's follow of this question."""
    return (Follow.question_id == question.id) & (Follow.user_id == user.id)


def is_following(question: Question, user) -> bool:
    """Does this person follow the question?"""
    return bool(db.session.scalar(select(Follow.id).where(_follows(question, user))))


def following_answer(question: Question, user):
    """`is_following`, asked with the navigation's counts when it can be (a yes/no read as a bool)."""
    from champions.people.needs import ask_with_counts

    if not getattr(user, "is_authenticated", False):
        return is_following(question, user)
    return ask_with_counts(select(Follow.id).where(_follows(question, user)), lambda: is_following(question, user))


def tags_by_ids(ids) -> list[Tag]:
    """The tags with these ids."""
    ids = [int(i) for i in ids or []]
    return list(db.session.scalars(select(Tag).where(Tag.id.in_(ids)))) if ids else []


def create_question(author, title: str, body: str, visibility: str, tag_ids, guard=None) -> Question:
    """Post a question: keep the first revision, follow it, tell every champion (or hold it), index it.

    `guard` is what the personal-data guard found and the author confirmed (champions.moderation.held).
    """
    if author.is_partner:
        visibility = PARTNER_VISIBILITY
    now = utcnow()
    question = Question(title=title.strip(), body=body, body_html=str(mentions.render(body)),
                        visibility=visibility, author_id=author.id, created_at=now, last_activity_at=now,
                        tags=tags_by_ids(tag_ids))
    db.session.add(question)
    db.session.flush()
    add_revision("question", question, author)
    follow(question, author)
    if not _held_after_posting(guard, "question", question, author):
        announce_question(question, author)
    refresh(question)
    return question


def _held_after_posting(guard, content_type: str, post, author) -> bool:
    """Record what the author confirmed over the guard; True when that holds the post for a champion."""
    from champions.moderation import held

    if guard is None or not guard.overridden:
        return False
    post.held = guard.held
    held.record(guard, content_type, post, author)
    return post.held


def announce_question(question: Question, author) -> None:
    """Tell every champion, the followers of its tags and the people it mentions about a new question (when it
    is posted, or released from review)."""
    champions = db.session.scalars(permissions.recipients("champions"))
    cleared = title_cleared(question)
    title = f"{person_name(author)} asked: {question.title}" if cleared else "A new question needs a champion to check it"
    _notify(champions, kind="new_question", title=title, url=question.url,
            visibility=notification_level(question), actor=author, subject=f"question:{question.id}",
            text=question.body if cleared else None)
    following.tell_tag_followers(question, author, cleared)
    notices.mentioned(question, author, question.body)


def recent_duplicate_question(author, title: str, body: str) -> Question | None:
    """The same question (title and details) this person posted within DUPLICATE_WINDOW, if any."""
    since = utcnow() - DUPLICATE_WINDOW
    candidates = db.session.scalars(select(Question).where(
        Question.author_id == author.id, Question.created_at >= since, Question.withdrawn.is_(False),
        func.lower(Question.title) == title.strip().lower()).order_by(Question.id.desc()))
    return next((q for q in candidates if _same_words(q.body, body)), None)


def recent_duplicate_answer(question: Question, author, body: str) -> Answer | None:
    """The same answer this person posted to this question within DUPLICATE_WINDOW, if any."""
    since = utcnow() - DUPLICATE_WINDOW
    candidates = db.session.scalars(select(Answer).where(
        Answer.question_id == question.id, Answer.author_id == author.id, Answer.created_at >= since,
        Answer.withdrawn_at.is_(None)).order_by(Answer.id.desc()))
    return next((a for a in candidates if _same_words(a.body, body)), None)


def _same_words(a: str | None, b: str | None) -> bool:
    # A second click or a resubmit after Back sends the same text; spacing differences are no new post.
    return (a or "").split() == (b or "").split()


def edit_question(question: Question, editor, title: str, body: str, tag_ids, visibility: str | None = None) -> None:
    """Change a question's text and tags, keeping a revision."""
    question.title = title.strip()
    before = question.body
    question.body = body
    question.body_html = str(mentions.render(body))
    question.tags = tags_by_ids(tag_ids)
    if visibility and not question.author.is_partner:
        question.visibility = visibility
        sync_notifications(question)
    question.edited = True
    add_revision("question", question, editor)
    refresh(question)
    _scrub_history(question, editor)
    _hidden_post_changed(question, editor)
    notices.mentioned(question, editor, body, before)


def add_answer(question: Question, author, body: str, guard=None) -> Answer:
    """Post an answer: revision, counts, tell the asker and followers (unless it is held), index."""
    answer = Answer(question_id=question.id, body=body, body_html=str(mentions.render(body)),
                    author_id=author.id, created_at=utcnow())
    db.session.add(answer)
    db.session.flush()
    add_revision("answer", answer, author)
    held = _held_after_posting(guard, "answer", answer, author)
    if not held:
        touch(question)
    refresh(question)
    if not held:
        announce_answer(answer, author)
    return answer


def announce_answer(answer: Answer, author) -> None:
    """Tell the asker, followers and the people it mentions about a new answer (when posted, or released)."""
    question = answer.question
    follower_ids = select(Follow.user_id).where(Follow.question_id == question.id)
    people = db.session.scalars(select(User).where(or_(User.id == question.author_id, User.id.in_(follower_ids))))
    cleared = title_cleared(question)
    title = (f"{person_name(author)} answered: {question.title}" if cleared
             else f"{person_name(author)} answered a question you follow")
    _notify(people, kind="new_answer", title=title,
            url=f"{question.url}#answer-{answer.id}", visibility=notification_level(question), actor=author,
            subject=f"question:{question.id}", text=answer.body if cleared else None)
    notices.mentioned(answer, author, answer.body)


def edit_answer(answer: Answer, editor, body: str) -> bool:
    """Change an answer's text, keeping a revision; True when the change withdrew its endorsement."""
    lapsed = endorsement_at_stake(answer, editor) and body.split() != (answer.body or "").split()
    if lapsed:
        withdraw_endorsement_after_edit(answer, editor)
    before = answer.body
    answer.body = body
    answer.body_html = str(mentions.render(body))
    answer.edited = True
    add_revision("answer", answer, editor)
    search.enqueue("question", answer.question_id)
    _scrub_history(answer, editor)
    _hidden_post_changed(answer, editor)
    notices.mentioned(answer, editor, body, before)
    return lapsed


def _hidden_post_changed(post, editor) -> None:
    """Its author fixing a hidden post is how they resubmit it: the champions are asked to look again."""
    if post.hidden and post.author_id == editor.id:
        notices.hidden_post_changed(post, editor)


def _scrub_history(post, editor) -> None:
    """Personal data the edit took out comes out of the earlier versions too (they are public in the history)."""
    from champions.questions.scrub import scrub_history

    scrub_history(post, editor)


def endorsement_at_stake(answer: Answer, editor) -> bool:
    """Would this person changing the answer's words withdraw its endorsement? Yes unless they are a champion."""
    return answer.endorsed and not permissions.can(editor, "answer.edit_keeps_endorsement", answer)


def withdraw_endorsement_after_edit(answer: Answer, editor) -> None:
    """Withdraw the endorsement of an answer its author changed (kept in the audit log) and ask for another look.

    The endorser is told; when they can no longer be (they have left), every champion is.
    """
    endorser = answer.endorsed_by
    audit.record(editor, "answer.endorsement_withdrawn", answer,
                 summary="Endorsement withdrawn: the answer was changed after it was endorsed",
                 before={"endorsed": True, "endorsed_by_id": answer.endorsed_by_id, "endorsed_at": answer.endorsed_at},
                 after={"endorsed": False})
    answer.endorsed_by_id = answer.endorsed_at = None
    question = answer.question
    if endorser is not None and endorser.active:
        people, title = [endorser], f"{person_name(editor)} changed an answer you endorsed, so it needs another look"
    else:
        people = db.session.scalars(permissions.recipients("champions"))
        title = f"{person_name(editor)} changed an endorsed answer, so it needs another look"
    _notify(people, kind="endorsed_answer_changed", title=f"{title}: {question.title}" if title_cleared(question) else title,
            url=f"{question.url}#answer-{answer.id}", visibility=notification_level(question), actor=editor,
            subject=f"question:{question.id}")


def withdraw_answer(answer: Answer, author) -> None:
    """The author takes back their answer: kept with its history, shown to others only as withdrawn."""
    answer.withdrawn_at = utcnow()
    audit.record(author, "answer.withdraw", answer, summary="Withdrawn by its author",
                 before={"withdrawn": False}, after={"withdrawn": True})
    refresh(answer.question)


def unwithdraw_answer(answer: Answer, author) -> None:
    """The author puts their withdrawn answer back."""
    answer.withdrawn_at = None
    audit.record(author, "answer.unwithdraw", answer, summary="Put back by its author",
                 before={"withdrawn": True}, after={"withdrawn": False})
    refresh(answer.question)


def notify_answer_author(answer: Answer, actor, kind: str, what: str) -> None:
    """Tell an answer's author it was accepted or endorsed ("Ailsa Grant endorsed your answer to: ...")."""
    question = answer.question
    did = f"{person_name(actor)} {what} your answer"
    title = f"{did} to: {question.title}" if title_cleared(question) else did
    _notify([answer.author], kind=kind, title=title,
            url=f"{question.url}#answer-{answer.id}", visibility=notification_level(question), actor=actor,
            subject=f"question:{question.id}")


def notify_asker_of_acceptance(answer: Answer, actor) -> None:
    """Tell the asker a champion accepted an answer for them ("Ailsa Grant accepted an answer ... on your behalf")."""
    question = answer.question
    did = f"{person_name(actor)} accepted an answer on your behalf"
    title = f"{did} to: {question.title}" if title_cleared(question) else did
    _notify([question.author], kind="accepted_for_you", title=title,
            url=f"{question.url}#answer-{answer.id}", visibility=notification_level(question), actor=actor,
            subject=f"question:{question.id}")


def ordered_answers(question: Question, answers: list[Answer]) -> list[Answer]:
    """Accepted first, then endorsed, then most helpful, then oldest."""
    return sorted(answers, key=lambda a: (a.id != question.accepted_answer_id, not a.endorsed,
                                          -a.helpful_count, a.created_at, a.id))


def similar_questions(title: str, user, exclude_id: int | None = None, limit: int = 5) -> list[Question]:
    """Up to `limit` questions this person may see that search ranks as most like this title.

    Search filters visibility in its query; hidden and withdrawn questions are left out here too
    (champions may find hidden ones in search). A title match is the fallback when search is down.
    """
    from champions.search import index as search_index

    try:
        hits = search_index.similar(user, title or "", kind="question", limit=limit * 2 + 1)
    except search_index.SearchUnavailable:
        return _similar_by_title(title, user, exclude_id, limit)
    ids = [int(h.doc_id.partition(":")[2]) for h in hits if h.doc_id.startswith("question:")]
    ids = [i for i in ids if i != exclude_id]
    if not ids:
        return []
    found = {q.id: q for q in db.session.scalars(_similar_statement(user), {"ids": ids})}
    return [found[i] for i in ids if i in found][:limit]


def _similar_statement(user):
    """Those of some questions (bound as "ids") in the open at a level this person reads, without the bodies a
    list of titles does not show: built once a person (see permissions.per_person)."""
    return permissions.per_person(
        ("similar questions",), user,
        lambda: select(Question).options(defer(Question.body), defer(Question.body_html))
        .where(Question.id.in_(bindparam("ids", expanding=True)), permissions.QUESTION.open_clause(user)),
        of=(permissions.QUESTION,))


def _similar_by_title(title: str, user, exclude_id: int | None, limit: int) -> list[Question]:
    """Questions whose titles share words with this one (used only when search is unavailable)."""
    words = [w for w in {w.strip("?.,!:;()\"'").lower() for w in (title or "").split()} if len(w) > 3][:8]
    if not words:
        return []
    query = (select(Question).where(or_(*[Question.title.ilike(f"%{w}%") for w in words]),
                                    permissions.QUESTION.open_clause(user))
             .order_by(Question.last_activity_at.desc()).limit(limit))
    if exclude_id:
        query = query.where(Question.id != exclude_id)
    return list(db.session.scalars(query))


def count_visible(user) -> int:
    """How many questions this person may see (hidden and withdrawn left out)."""
    return db.session.scalar(select(func.count(Question.id)).where(permissions.QUESTION.open_clause(user))) or 0
