"""You said, we did: every challenge card traced to what became of it, through the linked exercises."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from champions import permissions
from champions.extensions import db
from champions.workshops.models import Card, Item, Workshop, WorkshopLink
from champions.workshops.sections import ACTION_NOW, ANSWER_KINDS, STARTING
from champions.workshops.service import live_cluster, today, upstream


@dataclass
class Outcome:
    """One thing that became of a card: what kind, the words, a status, and the exercise it was decided in."""

    kind: str              # "Team solution", "Action", "Passed to team managers", "Quick win", ...
    text: str              # the item's words as shown (Markup: mentions linked), or a note
    workshop: Workshop
    status: str = ""
    colour: str = "grey"


@dataclass
class Trace:
    card: Card
    cluster_name: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def unresolved(self) -> bool:
        return all(o.kind == "Still unresolved" for o in self.outcomes)


def _action_status(item: Item) -> tuple[str, str]:
    action = item.action
    if action is None:
        return "", "grey"
    if action.is_done:
        return "Done", "green"
    return ("Overdue", "red") if action.is_overdue(today()) else ("Open", "blue")


def _senior(start: Item) -> list[Outcome]:
    """What senior managers made of an issue in their starting list."""
    found = []
    kind = (start.data or {}).get("answer_kind")
    if kind:
        found.append(Outcome(ANSWER_KINDS[kind], start.shown("answer"), start.workshop,
                             colour="green" if kind == "quick_win" else "blue"))
    for action in start.answered_by:
        if action.section == "authority_action":
            found.append(Outcome("Authority action", action.shown(), action.workshop,
                                 status=f"{action.value('who') or ''}", colour="blue"))
    return found or [Outcome("Passed to senior managers", start.shown(), start.workshop, colour="yellow")]


def _managers(start: Item) -> list[Outcome]:
    """What team managers made of an item in their starting list."""
    found = []
    for issue in start.answered_by:
        if issue.section != "senior_issue":
            continue
        passed = [s for s in issue.passed_on if s.section == STARTING]
        if passed:
            for senior_start in passed:
                found.extend(_senior(senior_start))
        else:
            found.append(Outcome("Issue for senior managers", issue.shown(), issue.workshop, colour="yellow"))
    return found or [Outcome("With team managers", start.shown(), start.workshop, colour="yellow")]


def _solution(item: Item) -> list[Outcome]:
    if item.section == "our_action":
        return [Outcome("Team solution", item.shown(), item.workshop, colour="green")]
    if item.section == ACTION_NOW:
        status, colour = _action_status(item)
        return [Outcome("Action", item.shown(), item.workshop, status=status, colour=colour)]
    downstream = [s for s in item.passed_on if s.section == STARTING]
    if downstream:
        return [o for start in downstream for o in _managers(start)]
    if item.section == "managers_action":
        return [Outcome("Asked of managers", item.shown(), item.workshop, colour="yellow")]
    return [Outcome("Still unresolved", item.shown(), item.workshop, colour="red")]


def trace_card(card: Card) -> Trace:
    cluster = live_cluster(card.cluster)
    if cluster is None:
        return Trace(card, "", [Outcome("Still unresolved", "Not yet grouped", card.workshop, colour="red")])
    outcomes = [o for item in cluster.items for o in _solution(item)]
    return Trace(card, cluster.name, outcomes or [Outcome("Still unresolved", "No solution recorded yet",
                                                          card.workshop, colour="red")])


def team_exercises(workshop: Workshop, user) -> list[Workshop]:
    """The team exercises whose cards this exercise's page traces for this person: itself, or those linked into
    it that they may see there (workshop.show_in_trace)."""
    chain = [workshop] + upstream(workshop)
    return [w for w in chain if w.kind == "team" and permissions.can(user, "workshop.show_in_trace", (workshop, w))]


def preload(workshop: Workshop) -> list:
    """Load every exercise linked to this one (at any distance) with its cards, clusters and items, and set the
    links between them, so that tracing a card runs no query of its own (not one per card, cluster or item).

    Returns what it loaded: keep it while tracing (the session holds loaded objects only weakly).
    """
    links = db.session.execute(select(WorkshopLink.source_id, WorkshopLink.target_id)).all()
    ids, queue = {workshop.id}, [workshop.id]
    while queue:
        current = queue.pop()
        for source, target in links:
            other = target if source == current else source if target == current else None
            if other is not None and other not in ids:
                ids.add(other)
                queue.append(other)
    # Participants joined to the rows (not a query of their own): workshop.show_in_trace reads them.
    workshops = {w.id: w for w in db.session.scalars(select(Workshop).where(Workshop.id.in_(ids)).options(
        selectinload(Workshop.cards), selectinload(Workshop.clusters), joinedload(Workshop.participants))).unique()}
    # Their items, and any item passed on to or answering one of them from an exercise no longer linked.
    linked = select(Item.id).where(Item.workshop_id.in_(ids))
    items = list(db.session.scalars(select(Item).where(
        or_(Item.workshop_id.in_(ids), Item.origin_id.in_(linked), Item.answers_id.in_(linked)))
        .options(joinedload(Item.action))))
    known = {item.id for item in items}
    outside = [item.id for item in items if item.workshop_id not in ids]
    while outside:  # and so on from those (rare: a link removed after items were passed on)
        more = list(db.session.scalars(select(Item).where(
            or_(Item.origin_id.in_(outside), Item.answers_id.in_(outside)), Item.id.not_in(known))
            .options(joinedload(Item.action))))
        items.extend(more)
        known.update(item.id for item in more)
        outside = [item.id for item in more]
    items.sort(key=lambda item: item.id)
    grouped: dict[tuple[str, int], list[Item]] = {}
    for item in items:
        for key in (("workshop", item.workshop_id), ("cluster", item.cluster_id), ("origin", item.origin_id),
                    ("answers", item.answers_id)):
            if key[1] is not None:
                grouped.setdefault(key, []).append(item)
    for item in items:
        set_committed_value(item, "passed_on", grouped.get(("origin", item.id), []))
        set_committed_value(item, "answered_by", grouped.get(("answers", item.id), []))
    for loaded in workshops.values():
        set_committed_value(loaded, "items", grouped.get(("workshop", loaded.id), []))
        set_committed_value(loaded, "sources", sorted(
            (workshops[s] for s, t in links if t == loaded.id and s in workshops), key=lambda w: w.held_on))
        for cluster in loaded.clusters:
            set_committed_value(cluster, "items", grouped.get(("cluster", cluster.id), []))
    return [workshops, items]


def you_said_we_did(workshop: Workshop, user) -> list[tuple[Workshop, list[Trace]]]:
    """For each team exercise in the chain that this person may see there, each challenge card with its
    outcomes."""
    return [(team, [trace_card(card) for card in team.cards if card.side == "challenge"])
            for team in team_exercises(workshop, user)]


def quick_wins(workshop: Workshop) -> int:
    """How many starting-list issues senior managers answered as a quick win."""
    return sum(1 for item in workshop.items_in(STARTING) if (item.data or {}).get("answer_kind") == "quick_win")
