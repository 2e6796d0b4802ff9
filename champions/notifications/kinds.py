"""Kinds of notification: what each is called in the settings, who gets it, and how it is emailed by default.

In the Hub a person always sees every notification. Email is chosen per kind: at once, in the daily
digest, or not at all. A person's general setting (User.email_frequency) caps the defaults: someone who
chose "A daily digest" gets no email at once unless they ask for it for a kind.
"""
from __future__ import annotations

from dataclasses import dataclass

EMAIL_CHOICES = {"immediate": "Email me at once", "daily": "In the daily digest", "none": "No email"}
# Quietest last: the general setting and a kind's default combine to the quieter of the two.
_QUIETNESS = {"immediate": 0, "daily": 1, "none": 2}
ALL = "*"  # the unsubscribe link of a digest: every email


@dataclass(frozen=True)
class Kind:
    """One kind of notification, as the settings page shows it."""

    name: str
    label: str
    default: str = "immediate"
    roles: tuple[str, ...] = ("practitioner", "champion", "partner", "admin")  # who may get it


_CHAMPIONS = ("champion", "admin")
_STAFF = ("practitioner", "champion", "admin")

KINDS: dict[str, Kind] = {k.name: k for k in (
    # Champions see many new questions: one digest a day unless they choose each at once.
    Kind("new_question", "A new question for the SDS Champions", default="daily", roles=_CHAMPIONS),
    Kind("tag_question", "A new question in a tag you follow", default="daily"),
    Kind("new_answer", "A new answer to your question or one you follow"),
    Kind("answer_accepted", "Your answer is accepted"),
    Kind("accepted_for_you", "A champion accepts an answer to your question on your behalf"),
    Kind("answer_endorsed", "Your answer is endorsed by the SDS Champions"),
    Kind("endorsed_answer_changed", "An answer you endorsed was changed", roles=_CHAMPIONS),
    Kind("mention", "Someone mentions you"),
    Kind("ask_champion", "Someone asks you a question", roles=_CHAMPIONS),
    Kind("content_hidden", "A champion hides something you wrote"),
    Kind("question_closed", "A champion closes or locks your question"),
    Kind("hidden_changed", "An author changes a post a champion hid", roles=_CHAMPIONS),
    Kind("held_for_review", "A post is held for a champion to check", roles=_CHAMPIONS),
    Kind("practice_submitted", "A practice example to review", roles=_CHAMPIONS),
    Kind("practice_published", "Your practice example is published", roles=_STAFF),
    Kind("practice_returned", "Your practice example is returned for changes", roles=_STAFF),
    Kind("meeting_published", "Meeting notes are published"),
    Kind("action_assigned", "An action is assigned to you"),
    Kind("action_due", "An action of yours is due in three working days"),
    Kind("induction_due_soon", "Your induction is due soon", roles=_STAFF),
    Kind("induction_overdue", "Your induction is overdue", roles=_STAFF),
    Kind("induction_reopened", "Your induction has something new", roles=_STAFF),
    # Features added after the first list: each kind they send is listed, so its email can be chosen too.
    Kind("resource_submitted", "A resource to review", roles=_CHAMPIONS),
    Kind("resource_published", "Your resource is published"),
    Kind("resource_returned", "Your resource is returned for changes"),
    Kind("answer_out_of_date", "An answer is marked out of date"),
    Kind("workshop_published", "A workshop you took part in is published"),
    Kind("workshop_review_due", "A workshop's review date has come", roles=_STAFF),
    Kind("selfeval_invited", "You are asked to contribute to a self-evaluation", roles=_STAFF),
    Kind("selfeval_published", "A self-evaluation is published"),
)}


def kind(name: str) -> Kind:
    """The kind with this name (an unknown one is emailed as the general setting says)."""
    return KINDS.get(name) or Kind(name, name.replace("_", " ").capitalize())


def for_role(role: str) -> list[Kind]:
    """The kinds a person in this role may be sent, in the settings page's order."""
    return [k for k in KINDS.values() if role in k.roles]


def default_choice(general: str, name: str) -> str:
    """The email choice for a kind nobody chose for: the quieter of the general setting and the kind's default."""
    default = kind(name).default
    general = general if general in _QUIETNESS else "immediate"
    return max(general, default, key=_QUIETNESS.__getitem__)
