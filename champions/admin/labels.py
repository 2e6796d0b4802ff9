"""Plain English for the audit log: what an action code means, and values a person can read."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from champions.admin import bp
from champions.auth.models import Organisation, Team
from champions import timeutil
from champions.extensions import db
from champions.permissions import VISIBILITY_LABELS

ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")
# Whole codes that read better written out than built from their parts.
ACTIONS = {
    "answer.unendorse": "Answer endorsement withdrawn",
    "question.flag_for_meeting": "Question flagged for a meeting",
    "questions.hide_answer": "Answer hidden",
    "questions.hide_question": "Question hidden",
    "user.sign_out_everywhere": "Signed out on every device",
    "user.confirm_email": "Email address confirmed",
    "user.role_change": "Role or organisation changed",
    "user.profile_edit": "Profile edited",
    "user.password_change": "Password changed",
    "user.password_reset": "Password reset",
    "standing_update.toggle": "Standing update switched on or off",
    "practice.confirm_review": "Practice example review confirmed",
}
VERBS = {
    "accept": "accepted", "archive": "archived", "close": "closed", "complete": "completed", "create": "created",
    "deactivate": "deactivated", "dismiss": "dismissed", "edit": "edited", "endorse": "endorsed", "hide": "hidden",
    "lock": "locked", "publish": "published", "reactivate": "reactivated", "redact": "redacted",
    "register": "registered", "remove": "removed", "rename": "renamed", "reopen": "reopened", "resend": "sent again",
    "restore": "restored", "return": "returned", "revoke": "revoked", "save": "saved", "submit": "submitted",
    "unlock": "unlocked", "unpublish": "unpublished", "withdraw": "withdrawn",
}
SUBJECTS = {"induction": "Induction", "moderation": "Post", "practice": "Practice example", "update": "Partner update",
            "standing_update": "Standing update"}
KEYS = {"display_name": "Name", "organisation_id": "Organisation", "team_id": "Team", "job_title": "Job title",
        "email_confirmed": "Email confirmed", "active": "Active", "body": "Text"}


@bp.app_template_filter("audit_action")
def audit_action(code: str) -> str:
    """'answer.hide' -> 'Answer hidden'; 'induction.lesson_save' -> 'Induction lesson saved'."""
    if code in ACTIONS:
        return ACTIONS[code]
    subject, _, rest = (code or "").partition(".")
    words = rest.split("_")
    if words and words[-1] in VERBS:
        words[-1] = VERBS[words[-1]]
    label = " ".join([SUBJECTS.get(subject, subject.replace("_", " ").capitalize())] + [w for w in words if w])
    return label.strip() or code


@bp.app_template_filter("audit_key")
def audit_key(key: str) -> str:
    """'display_name' -> 'Name'; 'organisation_id' -> 'Organisation'."""
    return KEYS.get(key) or key.removesuffix("_id").replace("_", " ").capitalize()


def audit_names(events) -> dict[tuple[str, int], str]:
    """Names for the organisation and team ids these events mention, in two queries at most."""
    wanted: dict[str, set[int]] = {"organisation_id": set(), "team_id": set()}
    for event in events:
        for values in (event.before, event.after):
            for key in wanted:
                if isinstance(values.get(key), int):
                    wanted[key].add(values[key])
    names: dict[tuple[str, int], str] = {}
    for key, model in (("organisation_id", Organisation), ("team_id", Team)):
        if wanted[key]:
            for row_id, name in db.session.execute(select(model.id, model.name).where(model.id.in_(wanted[key]))):
                names[(key, row_id)] = name
    return names


def audit_value(key: str, value, names: dict | None = None) -> str:
    """A value as a person reads it: 'Yes'/'No', 'Not set', an organisation's name rather than its number."""
    if value is None or value == "":
        return "Not set"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key == "visibility" and value in VISIBILITY_LABELS:
        return VISIBILITY_LABELS[value]
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return timeutil.format_datetime(moment) if moment.tzinfo else timeutil.format_date(moment.date())
    if names and (key, value) in names:
        return names[(key, value)]
    return str(value)


bp.add_app_template_global(audit_value, "audit_value")
bp.add_app_template_global(audit_names, "audit_names")
