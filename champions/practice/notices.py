"""Workflow actions with their side effects: history, notifications and the search index."""
from __future__ import annotations

from flask import url_for

from champions import audit, permissions, search
from champions.notifications.service import notify, set_subject_visibility
from champions.practice.models import PracticeExample
from champions.practice.workflow import champions, move
from champions.people.names import person_name

MESSAGES = {
    "submit": "Your example is submitted. An SDS Champion will review it.",
    "publish": "The example is published.",
    "return": "The example is returned to its author with your comments.",
    "archive": "The example is archived. It no longer shows in the library.",
    "restore": "The example is restored to the library.",
    "confirm_review": "Thank you. The example is confirmed as still accurate and its next review is in 12 months.",
}


def notification_level(example: PracticeExample) -> permissions.AccessLabel:
    """The access label its notifications carry, from the practice example audience."""
    return permissions.PRACTICE_EXAMPLE.access_label(example)


def sync_notifications(example: PracticeExample) -> None:
    """Bring the notifications about this example in line with who may see it now."""
    set_subject_visibility(f"practice_example:{example.id}", notification_level(example))


def _audited(example: PracticeExample) -> dict:
    """What a workflow action may change, for the audit log."""
    return {"status": example.status, "review_due_on": example.review_due_on}


def announce(example: PracticeExample, action: str | None, actor, comment: str = "") -> str | None:
    """Apply a workflow action (if any), record it in the audit log, tell the people who need to know, and
    return the message to show."""
    if action is None:
        return None
    before = _audited(example)
    move(example, action, actor, comment)
    after = _audited(example)
    changed = {key for key in after if after[key] != before[key]} | {"status"}
    audit.record(actor, f"practice.{action}", example, summary=example.title,
                 before={k: before[k] for k in changed},
                 after={k: after[k] for k in changed} | ({"comment": comment} if comment else {}))
    sync_notifications(example)
    url = url_for("practice.detail", example_id=example.id)
    subject = f"practice_example:{example.id}"
    from champions.moderation.held import title_clear

    # A title the personal-data guard finds something in (its author confirmed it) stays out of email subjects.
    named = f": {example.title}" if title_clear(example.title) else ""
    who = person_name(actor)
    if action == "submit":
        notify(champions(), kind="practice_submitted", title=f"{who} sent a practice example to review{named}",
               url=url, visibility=notification_level(example), actor=actor, subject=subject)
    elif action == "publish":
        notify([example.author], kind="practice_published", title=f"{who} published your practice example{named}",
               url=url, visibility=notification_level(example), actor=actor, subject=subject)
    elif action == "return":
        notify([example.author], kind="practice_returned", title=f"{who} returned your practice example for changes{named}",
               url=url, visibility=notification_level(example), actor=actor, subject=subject, text=comment)
    search.enqueue("practice_example", example.id)
    return MESSAGES[action]
