"""Workflow actions with their side effects: history, notifications and the search index."""
from __future__ import annotations

from flask import url_for

from champions import search
from champions.notifications.service import notify
from champions.practice.models import PracticeExample
from champions.practice.workflow import champions, move

MESSAGES = {
    "submit": "Your example is submitted. An SDS Champion will review it.",
    "publish": "The example is published.",
    "return": "The example is returned to its author with your comments.",
    "archive": "The example is archived. It no longer shows in the library.",
    "restore": "The example is restored to the library.",
    "confirm_review": "Thank you. The example is confirmed as still accurate and its next review is in 12 months.",
}


def announce(example: PracticeExample, action: str | None, actor, comment: str = "") -> str | None:
    """Apply a workflow action (if any), tell the people who need to know, and return the message to show."""
    if action is None:
        return None
    move(example, action, actor, comment)
    url = url_for("practice.detail", example_id=example.id)
    if action == "submit":
        notify(champions(), kind="practice_submitted", title=f"Practice example to review: {example.title}",
               url=url, visibility="champions", actor=actor)
    elif action == "publish":
        notify([example.author], kind="practice_published", title=f"Your practice example is published: {example.title}",
               url=url, visibility="staff", actor=actor)
    elif action == "return":
        notify([example.author], kind="practice_returned",
               title=f"Your practice example needs changes: {example.title}", url=url, visibility="staff", actor=actor)
    search.enqueue("practice_example", example.id)
    return MESSAGES[action]
