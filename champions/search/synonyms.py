"""SDS synonyms, edited by champions: groups of words and phrases that mean the same in a search."""
from __future__ import annotations

from sqlalchemy import select

from champions import audit
from champions.extensions import db
from champions.search import hybrid
from champions.search.models import SearchSynonym

# The groups a new Hub starts with (champions edit them on /search/synonyms).
DEFAULT_GROUPS = (
    "PA, personal assistant",
    "DP, direct payment",
    "ISF, individual service fund",
    "option 4, mix of options, mixture of options",
    "carer, unpaid carer",
    "SDS, self-directed support",
    "HSCP, health and social care partnership",
    "OT, occupational therapist, occupational therapy",
    "respite, short break",
    "ILF, independent living fund",
)


def all_groups() -> list[SearchSynonym]:
    """Every synonym group, in the order added."""
    return list(db.session.scalars(select(SearchSynonym).order_by(SearchSynonym.id)))


def tidy(terms: str) -> str:
    """Terms as stored: trimmed, spaces collapsed, duplicates (any case) dropped, comma-separated."""
    seen, kept = set(), []
    for term in terms.split(","):
        term = " ".join(term.split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            kept.append(term)
    return ", ".join(kept)


def save(actor, terms: str, group: SearchSynonym | None = None) -> SearchSynonym:
    """Add a group, or change one; recorded in the audit log. The caller commits."""
    before = {"terms": group.terms} if group else None
    group = group or SearchSynonym(terms="")
    group.terms = tidy(terms)
    db.session.add(group)
    db.session.flush()
    audit.record(actor, "search.synonyms.changed" if before else "search.synonyms.added", target=group,
                 summary=group.terms, before=before, after={"terms": group.terms})
    hybrid.forget_synonyms()
    return group


def remove(actor, group: SearchSynonym) -> None:
    """Remove a group (configuration, not anyone's writing; the audit log keeps its words)."""
    audit.record(actor, "search.synonyms.removed", target=group, summary=group.terms, before={"terms": group.terms})
    db.session.delete(group)
    hybrid.forget_synonyms()


def seed_defaults() -> int:
    """Add the default groups when there are none (demo data and new Hubs)."""
    if db.session.scalar(select(SearchSynonym.id).limit(1)) is not None:
        return 0
    for terms in DEFAULT_GROUPS:
        db.session.add(SearchSynonym(terms=terms))
    hybrid.forget_synonyms()
    return len(DEFAULT_GROUPS)
