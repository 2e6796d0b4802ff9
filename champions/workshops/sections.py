"""The sections of each exercise and their fields: one declaration drives the forms, the pages and the CSV."""
from __future__ import annotations

from dataclasses import dataclass

SEVEN_STEPS = {
    "1": "1 My money, finding out how much",
    "2": "2 Making my plan",
    "3": "3 Getting my plan agreed",
    "4": "4 Organising my money",
    "5": "5 Organising my support",
    "6": "6 Living my life",
    "7": "7 Seeing how it worked",
    "other": "Other tasks",
}
STRATEGIC_QUESTIONS = {
    "role": "The social work role and its challenges",
    "where": "Where the authority will be in one and three years (share of support arranged through SDS)",
    "commissioning": "What needs commissioning, or raising with the third sector, user-led groups or elected members",
    "professions": "Working with other professions",
}
ANSWER_KINDS = {"quick_win": "Quick win", "action": "Another action"}
FACTOR_WHERE = {"internal": "Internal", "external": "External"}
FACTOR_REACH = {"local": "Local to part of the area", "whole": "The whole area"}
SHORT, LONG = 300, 2000


@dataclass(frozen=True)
class Field:
    """One field of an item: `text` is stored in the item's text, the rest in its data."""

    name: str
    label: str
    kind: str = "text"        # text, long, date, future_date, choice, percent, answers (a starting-list item)
    required: bool = False
    limit: int = SHORT
    choices: dict | None = None
    hint: str = ""


@dataclass(frozen=True)
class Section:
    """A list of items in one kind of exercise."""

    key: str
    exercise: str             # team, managers, senior
    title: str
    add_label: str
    fields: tuple[Field, ...]
    per_cluster: bool = False  # one list per challenge cluster (team solutions)
    passes_up: bool = False    # taken into the next exercise's starting list
    facilitator_only: bool = False
    intro: str = ""

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _text(label, hint="", limit=SHORT, required=True):
    return Field("text", label, "long" if limit > SHORT else "text", required, limit, hint=hint)


SECTIONS: dict[str, Section] = {s.key: s for s in (
    # Team exercise: solutions for each challenge cluster, in three columns.
    Section("our_action", "team", "Our action", "Add our action",
            (_text("What we will do", "The team or one of us: be clear, concrete, specific."),), per_cluster=True),
    Section("managers_action", "team", "Managers' action", "Add a managers' action",
            (_text("What we need from our managers"),), per_cluster=True, passes_up=True),
    Section("unresolved", "team", "Unresolved", "Add an unresolved worry",
            (_text("What still worries us"),), per_cluster=True, passes_up=True),
    # Team managers' exercise.
    Section("personal_plan", "managers", "Personal action plans", "Add my action plan",
            (_text("What I will do"),
             Field("due_on", "By when", "future_date", True),
             Field("review_on", "Review date", "future_date", True)),
            intro="Each manager writes what they will do, by when, and when they will review it."),
    Section("senior_issue", "managers", "Issues for senior managers", "Add an issue for senior managers",
            (_text("The issue"), Field("suggested", "Action suggested", "long", limit=LONG),
             Field("answers", "From the starting list", "answers")), passes_up=True,
            intro="The group agrees what senior managers need to act on, and what action it suggests."),
    Section("seven_step", "managers", "The seven steps in our area", "Add a row to the seven-step table",
            (Field("step", "Step", "choice", True, choices=SEVEN_STEPS),
             _text("What citizens and families can do", limit=LONG, required=False),
             Field("social_workers", "What social workers in the team need to do", "long", limit=LONG),
             Field("unresolved", "Unresolved issues for senior managers", "long", limit=LONG))),
    # Senior managers' exercise.
    Section("factor", "senior", "Factors that support SDS", "Add a factor",
            (_text("The factor"),
             Field("where", "Internal or external", "choice", True, choices=FACTOR_WHERE),
             Field("reach", "Where it applies", "choice", True, choices=FACTOR_REACH),
             Field("helps_now", "How it helps now", "long", limit=LONG),
             Field("helps_in_year", "How it might help in a year", "long", limit=LONG),
             Field("who", "Who needs to do what", "long", limit=LONG))),
    Section("senior_seven_step", "senior", "The seven steps: what we ask", "Add a row to the seven-step table",
            (Field("step", "Step", "choice", True, choices=SEVEN_STEPS),
             _text("What citizens and families can be asked to do", limit=LONG, required=False),
             Field("social_workers", "What social workers need to do", "long", limit=LONG))),
    Section("strategic", "senior", "Strategic questions", "Answer a strategic question",
            (Field("question", "Question", "choice", True, choices=STRATEGIC_QUESTIONS),
             _text("Our answer", limit=LONG),
             Field("share_1y", "Share of support arranged through SDS in one year (%)", "percent"),
             Field("share_3y", "Share of support arranged through SDS in three years (%)", "percent"))),
    Section("authority_action", "senior", "Authority action plan", "Add an action to the authority plan",
            (_text("Action"), Field("who", "Who by", "text", True),
             Field("due_on", "When by", "future_date", True),
             Field("review_on", "Review date", "future_date", True),
             Field("answers", "From the starting list", "answers"))),
)}
# Starting-list items are passed on, never written here; in a senior managers' exercise they are answered.
STARTING = "starting"
ACTION_NOW = "action_now"
ANSWER_FIELDS = (Field("answer_kind", "Answer as", "choice", True, choices=ANSWER_KINDS),
                 Field("answer", "What will be done", "long", True, LONG))
PASSES_UP = {"team": ("managers_action", "unresolved"), "managers": ("senior_issue",)}


def label_of(section: str) -> str:
    if section == STARTING:
        return "Starting list"
    if section == ACTION_NOW:
        return "Action now"
    return SECTIONS[section].title if section in SECTIONS else section
