"""The practice example workflow: draft → submitted → published or returned; published ↔ archived."""
from __future__ import annotations

from datetime import date, timedelta

from champions import revisions
from champions.extensions import db
from champions.practice.models import PracticeExample, PracticeTransition
from champions.timeutil import utcnow

REVIEW_PERIOD = timedelta(days=365)

# action: (statuses it may start from, status it ends in, message when refused)
TRANSITIONS = {
    "submit": ({"draft", "returned"}, "submitted", "Only a draft or a returned example can be submitted for review."),
    "publish": ({"submitted"}, "published", "Only an example submitted for review can be published."),
    "return": ({"submitted"}, "returned", "Only an example submitted for review can be returned to its author."),
    "archive": ({"published"}, "archived", "Only a published example can be archived."),
    "restore": ({"archived"}, "published", "Only an archived example can be restored."),
    "confirm_review": ({"published"}, "published", "Only a published example can be confirmed as still accurate."),
}


class WorkflowError(Exception):
    """A transition that is not allowed from the example's (or resource's) current status."""


def act(apply, obj, action: str, actor, comment: str, back: str):
    """The workflow buttons' view (practice examples and resources): `apply(obj, action, actor, comment)`
    returns the message, saved and shown; a refused move is rolled back and its reason shown. Back to `back`."""
    from flask import flash, redirect

    try:
        message = apply(obj, action, actor, comment)
    except WorkflowError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(back)
    db.session.commit()
    flash(message, "success")
    return redirect(back)


def next_review_date(today: date | None = None) -> date:
    """Twelve months from today."""
    return (today or date.today()) + REVIEW_PERIOD


def move(example: PracticeExample, action: str, actor, comment: str = "") -> PracticeTransition:
    """Apply a workflow action, recording who did it; raises WorkflowError when it is not allowed."""
    allowed_from, to_status, refusal = TRANSITIONS[action]
    if example.status not in allowed_from:
        raise WorkflowError(refusal)
    if action == "submit" and not example.anonymised_confirmed:
        raise WorkflowError("Confirm the example is anonymised before you submit it.")
    step = PracticeTransition(example=example, actor_id=actor.id, from_status=example.status,
                              to_status=to_status, comment=comment)
    db.session.add(step)
    example.status = to_status
    now = utcnow()
    if action == "submit":
        example.submitted_at = now
    elif action == "return":
        example.review_comment = comment
    elif action == "publish":
        example.published_at = now
        example.review_comment = ""
        example.review_due_on = example.review_due_on if in_future(example.review_due_on) else next_review_date()
    elif action == "confirm_review":
        example.review_due_on = next_review_date()
    elif action == "restore" and not in_future(example.review_due_on):
        example.review_due_on = next_review_date()
    return step


def in_future(day: date | None) -> bool:
    return day is not None and day > date.today()


def save_revision(example: PracticeExample, editor) -> revisions.Revision:
    """Keep a copy of the example's text as it is now; personal data this edit took out leaves the earlier copies."""
    fields = dict(title=example.title, summary=example.summary, situation=example.situation, action=example.action,
                  outcomes_text=example.outcomes_text, team_or_area=example.team_or_area,
                  tag_names=", ".join(tag.name for tag in example.tags))
    revision = revisions.record("practice_example", example, editor, **fields)
    revisions.forget_removed_personal_data("practice_example", example.id, "\n".join(v or "" for v in fields.values()))
    return revision


def champions():
    """The people told of an example to review (permissions.recipients: champions and admins)."""
    from champions import permissions

    return db.session.scalars(permissions.recipients("champions")).all()
