"""The SDS tag taxonomy from DOMAIN.md, seeded as editable data (demo seed and tests both use it)."""
from __future__ import annotations

import re

from sqlalchemy import select

from champions.extensions import db
from champions.questions.models import Tag

OPTIONS = [
    ("option-1", "Option 1: direct payment", "The person gets the money and arranges their own support, and may employ personal assistants."),
    ("option-2", "Option 2: directing the available support", "The person chooses their support; the council or a third party holds and manages the money."),
    ("option-3", "Option 3: services arranged by the council", "The council chooses and arranges the support."),
    ("option-4", "Option 4: a mix of options", "A mix of options 1, 2 and 3."),
]
STEPS = [
    "My money: finding out how much", "Making my plan", "Getting my plan agreed", "Organising my money",
    "Organising my support", "Living my life", "Seeing how it worked",
]
# Standards 5 and 7 carry a neutral label until their published names are confirmed from the Scottish
# Government's text; kept as data champions can edit.
STANDARDS_2024 = [
    "Independent Support, Community Brokerage and Advocacy",
    "Early Help, Family Support and Community Support",
    "Strengths- and asset-based assessment, planning and review",
    "Meaningful and measurable recording practices",
    "Standard 5",
    "Risk enablement",
    "Standard 7",
    "Worker Autonomy",
    "Transparency",
    "Early planning for transitions",
    "Consistency of Practice",
    "Access to budgets and flexibility of spend",
]
OUTCOMES = {
    "Quality of life": ["Feeling safe", "Having things to do", "Seeing people", "Staying as well as you can",
                        "Living where and as you want", "Dealing with stigma or discrimination"],
    "Process": ["Listened to", "Having a say", "Treated with respect", "Responded to", "Reliability"],
    "Change": ["Improved confidence or morale", "Improved skills", "Improved mobility", "Reduced symptoms"],
}
TOPICS = [
    ("direct-payments", "Direct payments", "Setting up, paying and auditing direct payments."),
    ("personal-assistants", "Personal assistants", "Employing PAs: contracts, payroll, insurance, family members as PAs."),
    ("carers", "Carers", "Unpaid carers: carers' assessments, adult carer support plans and short breaks."),
    ("children-and-families", "Children and families", "SDS for children, young people and their families."),
    ("transitions", "Transitions", "Moving from children's to adult services, and other life changes."),
    ("budgets-and-finance", "Budgets and finance", "Working out budgets, approvals and delegated authority."),
    ("charging", "Charging", "Contributions, charging policy and financial assessments."),
    ("commissioning", "Commissioning", "Providers, frameworks and contracts."),
    ("risk-enablement", "Risk enablement", "Supporting people to take positive risks."),
    ("recording", "Recording", "Recording conversations, outcomes and decisions."),
]


def slugify(text: str) -> str:
    """A lower-case, hyphenated slug of at most 80 characters."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "tag"


def _taxonomy() -> list[dict]:
    tags = [dict(slug=s, name=n, kind="option", description=d, sort_order=i) for i, (s, n, d) in enumerate(OPTIONS, 1)]
    tags += [dict(slug=f"step-{i}", name=f"Step {i}: {n}", kind="step", sort_order=i) for i, n in enumerate(STEPS, 1)]
    tags += [dict(slug=f"standard-{i}", name=f"Standard {i}: {n}" if not n.startswith("Standard") else n,
                  kind="standard", edition="2024", sort_order=i,
                  description=f"SDS Framework of Standards (2024 edition), standard {i}.")
             for i, n in enumerate(STANDARDS_2024, 1)]
    order = 0
    for group, names in OUTCOMES.items():
        for name in names:
            order += 1
            tags.append(dict(slug=f"outcome-{slugify(name)}", name=name, kind="outcome", group=group,
                             sort_order=order, description=f"Personal outcome ({group.lower()}).")
                        )
    tags += [dict(slug=s, name=n, kind="topic", description=d, sort_order=i) for i, (s, n, d) in enumerate(TOPICS, 1)]
    return tags


def seed_taxonomy() -> dict[str, Tag]:
    """Add any missing taxonomy tags (existing ones, and champions' edits to them, are left alone)."""
    existing = {t.slug: t for t in db.session.scalars(select(Tag))}
    for spec in _taxonomy():
        if spec["slug"] not in existing:
            tag = Tag(**spec)
            db.session.add(tag)
            existing[tag.slug] = tag
    db.session.flush()
    return existing
