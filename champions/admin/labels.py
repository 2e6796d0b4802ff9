"""Plain English for the audit log: what an action code means, and values a person can read."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from champions.admin import bp
from champions.auth.models import ROLE_LABELS, Organisation, Team, User
from champions import timeutil
from champions.extensions import db
from champions.permissions import VISIBILITY_LABELS
from champions.practice.models import STATUSES as PRACTICE_STATUSES

ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")
# Whole codes that read better written out than built from their parts.
ACTIONS = {
    "answer.unendorse": "Answer endorsement withdrawn",
    "answer.accept_on_behalf": "Answer accepted on the asker's behalf",
    "question.flag_for_meeting": "Question flagged for a meeting",
    "questions.hide_answer": "Answer hidden",
    "questions.hide_question": "Question hidden",
    "user.sign_out_everywhere": "Signed out on every device",
    "user.confirm_email": "Email address confirmed",
    "user.role_change": "Role or organisation changed",
    "user.profile_edit": "Profile edited",
    "user.password_change": "Password changed",
    "user.password_reset": "Password reset",
    "user.sign_in_lock": "Account locked after many failed sign-ins",
    "user.resend_confirmation": "Confirmation link sent again",
    "user.remove_unconfirmed": "Unconfirmed account removed",
    "user.expire_unconfirmed": "Unconfirmed account expired after 7 days",
    "user.data_export_requested": "Asked for a copy of their data (prepared in the background)",
    "user.sso_create": "Account created at a first council sign-in",
    "user.sso_link": "Account joined to a council account",
    "user.sso_sign_in_failed": "Council sign-in refused",
    "user.authenticator_add": "Authenticator app set up",
    "user.authenticator_replace": "Authenticator app replaced",
    "user.authenticator_remove": "Authenticator app removed",
    "user.recovery_codes_new": "New recovery codes made",
    "user.recovery_code_used": "Signed in with a recovery code",
    "user.passkey_add": "Passkey added",
    "user.passkey_rename": "Passkey renamed",
    "user.passkey_remove": "Passkey removed",
    "user.trusted_devices_forget": "Remembered devices forgotten",
    "user.second_factor_reset": "Second sign-in step reset by an administrator",
    "user.second_factor_limit": "Codes refused after too many wrong ones",
    "standing_update.toggle": "Standing update switched on or off",
    "practice.confirm_review": "Practice example review confirmed",
    "moderation.override_checked": "Post with a confirmed personal-data warning checked",
}
VERBS = {
    "accept": "accepted", "archive": "archived", "close": "closed", "complete": "completed", "create": "created",
    "deactivate": "deactivated", "dismiss": "dismissed", "edit": "edited", "endorse": "endorsed", "hide": "hidden",
    "lock": "locked", "publish": "published", "reactivate": "reactivated", "redact": "redacted",
    "register": "registered", "release": "released from review", "remove": "removed", "rename": "renamed", "reopen": "reopened", "resend": "sent again",
    "restore": "restored", "return": "returned", "revoke": "revoked", "save": "saved", "submit": "submitted",
    "unlock": "unlocked", "unpublish": "unpublished", "withdraw": "withdrawn",
}
SUBJECTS = {"induction": "Induction", "moderation": "Post", "practice": "Practice example", "update": "Partner update",
            "standing_update": "Standing update"}
KEYS = {"display_name": "Name", "endorsed_by_id": "Endorsed by", "endorsed_at": "Endorsed on", "organisation_id": "Organisation", "team_id": "Team", "job_title": "Job title",
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


def _model_for(key: str):
    """Which table an id in an audit entry points at: organisations, teams, or people."""
    if key == "organisation_id":
        return Organisation
    if key == "team_id":
        return Team
    if key in ("user_id", "owner_id", "contact_id", "author_id") or key.endswith("_by_id"):
        return User
    return None


def audit_names(events) -> dict[tuple[type, int], str]:
    """Names for the organisation, team and person ids these events mention, one query per kind at most."""
    wanted: dict[type, set[int]] = {}
    for event in events:
        for values in (event.before, event.after):
            for key, value in values.items():
                model = _model_for(key)
                if model is not None and _is_id(value):
                    wanted.setdefault(model, set()).add(value)
    found: dict[tuple[type, int], str] = {}
    for model, ids in wanted.items():
        name = User.display_name if model is User else model.name
        for row_id, label in db.session.execute(select(model.id, name).where(model.id.in_(ids))):
            found[(model, row_id)] = label
    return found


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def audit_value(key: str, value, names: dict | None = None) -> str:
    """A value as a person reads it: 'Yes'/'No', 'Not set', an organisation's name rather than its number."""
    if value is None or value == "":
        return "Not set"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key == "visibility" and value in VISIBILITY_LABELS:
        return VISIBILITY_LABELS[value]
    if key == "role" and value in ROLE_LABELS:
        return ROLE_LABELS[value]
    if key in ("status", "from_status", "to_status") and value in PRACTICE_STATUSES:
        return PRACTICE_STATUSES[value]
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return timeutil.format_datetime(moment) if moment.tzinfo else timeutil.format_date(moment.date())
    model = _model_for(key)
    if names and model is not None and _is_id(value) and (model, value) in names:
        return names[(model, value)]
    if isinstance(value, (list, tuple)):
        return ", ".join(audit_value(key, item, names) for item in value) or "Nothing"
    return str(value)


bp.add_app_template_global(audit_value, "audit_value")
bp.add_app_template_global(audit_names, "audit_names")
