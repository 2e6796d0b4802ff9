"""Erase a leaver's personal data (UK GDPR): the one place the Hub hard-deletes what a person wrote.

Kept: their posts (questions, answers, published practice examples), shown under "Former member of staff",
because colleagues rely on them. Removed: their name and email, sessions, account links (tokens), feed
addresses, notifications, queued emails to them, their learning log and its earlier versions, and their
unpublished practice example drafts. The audit log records that it happened, not what was removed.
"""
from __future__ import annotations

from sqlalchemy import delete, select

from champions import audit
from champions.auth.models import User
from champions.auth.tokens import AccountToken
from champions.extensions import db
from champions.induction.models import Reflection
from champions.mydata.models import DataExport
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage, OutboxSubject
from champions.practice.models import PracticeExample, PracticeTransition
from champions.questions.models import Answer, Question
from champions.revisions.models import Revision
from champions.search.models import enqueue
from champions.updates.models import DigestSubscription, FeedToken

FORMER_NAME = "Former member of staff"


def erase(person: User, admin: User) -> None:
    """Replace the person's identity and remove their private data, in the caller's transaction."""
    old_email = person.email
    person.end_other_sessions("erased")
    person.display_name = FORMER_NAME
    person.email = f"erased-{person.id}@erased.invalid"
    person.job_title = ""
    person.password_hash = ""
    person.active = False
    person.team_id = None
    for model in (AccountToken, FeedToken, DigestSubscription, Notification, DataExport):
        db.session.execute(delete(model).where(model.user_id == person.id))
    queued = select(OutboxMessage.id).where(OutboxMessage.to_address == old_email)
    db.session.execute(delete(OutboxSubject).where(OutboxSubject.message_id.in_(queued)))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.to_address == old_email))
    reflections = list(db.session.scalars(select(Reflection.id).where(Reflection.user_id == person.id)))
    if reflections:
        db.session.execute(delete(Revision).where(Revision.content_type == "reflection",
                                                  Revision.object_id.in_(reflections)))
        db.session.execute(delete(Reflection).where(Reflection.id.in_(reflections)))
    drafts = list(db.session.scalars(select(PracticeExample).where(
        PracticeExample.author_id == person.id, PracticeExample.status.in_(("draft", "returned")))))
    for draft in drafts:
        db.session.execute(delete(PracticeTransition).where(PracticeTransition.example_id == draft.id))
        db.session.execute(delete(Revision).where(Revision.content_type == "practice_example",
                                                  Revision.object_id == draft.id))
        draft.tags = []
        draft.questions = []
        db.session.delete(draft)
    # Their posts stay: the search index shows them under the new name.
    question_ids = set(db.session.scalars(select(Question.id).where(Question.author_id == person.id)))
    question_ids |= set(db.session.scalars(select(Answer.question_id).where(Answer.author_id == person.id)))
    for question_id in sorted(question_ids):
        enqueue("question", question_id)
    for example_id in db.session.scalars(select(PracticeExample.id).where(PracticeExample.author_id == person.id)):
        enqueue("practice_example", example_id)
    audit.record(admin, "user.erased", person, summary="Erased a leaver's personal data")
