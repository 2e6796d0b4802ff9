"""The resource workflow, the practice examples' one: draft → submitted → published or returned; published ↔ archived.

Champions add resources straight into the library; staff suggestions and partners' resources wait for a
champion. Each step is in the audit log; the review date follows the practice examples' rule (12 months).
"""
from __future__ import annotations

from datetime import date

from flask import url_for

from champions import audit, permissions, search
from champions.extensions import db
from champions.notifications.service import notify, set_subject_visibility
from champions.people.names import person_name
from champions.practice.workflow import WorkflowError, in_future, next_review_date
from champions.resources.models import Resource
from champions.timeutil import utcnow

# action: (statuses it may start from, status it ends in, message when refused)
TRANSITIONS = {
    "submit": ({"draft", "returned"}, "submitted", "Only a draft or a returned resource can be submitted for review."),
    "publish": ({"draft", "submitted", "returned"}, "published", "This resource is already published."),
    "return": ({"submitted"}, "returned", "Only a resource submitted for review can be returned."),
    "archive": ({"published", "submitted"}, "archived", "Only a published resource can be archived."),
    "restore": ({"archived"}, "published", "Only an archived resource can be restored."),
    "confirm_review": ({"published"}, "published", "Only a published resource can be confirmed as still accurate."),
}
MESSAGES = {
    "submit": "Your resource is submitted. An SDS Champion will review it before it is shared.",
    "publish": "The resource is published in the library.",
    "return": "The resource is returned with your comments.",
    "archive": "The resource is archived. It no longer shows in the library.",
    "restore": "The resource is restored to the library.",
    "confirm_review": "Thank you. The resource is confirmed as still accurate and its next review is in 12 months.",
}
__all__ = ["WorkflowError", "move", "MESSAGES"]


def sync_notifications(resource: Resource) -> None:
    """Bring the notifications about this resource in line with who may read it now."""
    set_subject_visibility(f"resource:{resource.id}", permissions.RESOURCE.access_label(resource))


def move(resource: Resource, action: str, actor, comment: str = "") -> str:
    """Apply a workflow action, audit it, tell who needs to know; returns the message (WorkflowError if refused)."""
    allowed_from, to_status, refusal = TRANSITIONS[action]
    if resource.status not in allowed_from:
        raise WorkflowError(refusal)
    before = {"status": resource.status, "review_due_on": resource.review_due_on}
    resource.status = to_status
    now = utcnow()
    if action == "submit":
        resource.submitted_at = now
    elif action == "return":
        resource.review_comment = comment
    elif action == "publish":
        resource.published_at = resource.published_at or now
        resource.review_comment = ""
        if not in_future(resource.review_due_on):
            resource.review_due_on = next_review_date()
    elif action == "confirm_review" or (action == "restore" and not in_future(resource.review_due_on)):
        resource.review_due_on = next_review_date()
    audit.record(actor, f"resource.{action}", resource, summary=resource.title, before=before,
                 after={"status": resource.status, "review_due_on": resource.review_due_on}
                 | ({"comment": comment} if comment else {}))
    sync_notifications(resource)
    _tell(resource, action, actor)
    search.enqueue("resource", resource.id)
    return MESSAGES[action]


def _tell(resource: Resource, action: str, actor) -> None:
    from champions.moderation.held import title_clear

    url = url_for("resources.detail", resource_id=resource.id)
    label = permissions.RESOURCE.access_label(resource)
    subject = f"resource:{resource.id}"
    named = f": {resource.title}" if title_clear(resource.title) else ""
    who = person_name(actor)  # each notification says who did what
    if action == "submit":
        reviewers = db.session.scalars(permissions.recipients("champions")).all()
        notify(reviewers, kind="resource_submitted", title=f"{who} sent a resource to review{named}", url=url,
               visibility=label, actor=actor, subject=subject)
    elif action in ("publish", "return") and resource.author_id != actor.id:
        done = "published your resource" if action == "publish" else "returned your resource for changes"
        notify([resource.author], kind=f"resource_{action}ed", title=f"{who} {done}{named}", url=url,
               visibility=label, actor=actor, subject=subject)
