"""The insights figure for workshops: what became of the challenges teams named (named, acted on, answered,
heard back), followed through the linked exercises as "You said, we did" follows them (trace.py)."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import JSON, cast, literal, null, select, true, union_all

from champions.extensions import db
from champions.insights.panels import Figure, Filters, panel
from champions.workshops.models import Card, Item, Workshop
from champions.workshops.sections import ACTION_NOW, STARTING

# Solutions a team records for a challenge cluster; all but "unresolved" act on it.
ACTING = ("our_action", "managers_action", ACTION_NOW)
SOLUTIONS = (*ACTING, "unresolved")


def _chain(items: list) -> tuple[dict, dict, dict]:
    """Items by cluster, the starting items each item was passed on as, and the items answering each."""
    by_cluster, passed_on, answered_by = defaultdict(list), defaultdict(list), defaultdict(list)
    for item in items:
        if item.cluster_id is not None and item.section in SOLUTIONS:
            by_cluster[item.cluster_id].append(item)
        if item.origin_id is not None and item.section == STARTING:
            passed_on[item.origin_id].append(item)
        if item.answers_id is not None:
            answered_by[item.answers_id].append(item)
    return by_cluster, passed_on, answered_by


def _follow(solution, passed_on, answered_by) -> tuple[bool, set]:
    """Whether senior managers answered what this solution passed up, and every exercise it reached."""
    reached, answered = {solution.workshop_id: solution.published}, False
    for managers_start in passed_on.get(solution.id, ()):
        reached[managers_start.workshop_id] = managers_start.published
        for issue in answered_by.get(managers_start.id, ()):
            if issue.section != "senior_issue":
                continue
            for senior_start in passed_on.get(issue.id, ()):
                reached[senior_start.workshop_id] = senior_start.published
                if (senior_start.data or {}).get("answer_kind") or any(
                        a.section == "authority_action" for a in answered_by.get(senior_start.id, ())):
                    answered = True
    return answered, reached


@panel("workshops", "Workshop progress: what became of the challenges",
       "Challenge cards from team exercises held in the period (the team is the exercise's): how many were "
       "acted on (a team solution, an action now or a managers' action, or answered), answered by senior "
       "managers (a quick win, another action or an authority action), and heard back (acted on, and every "
       "exercise they reached is published, so the people who named them were told what happens next).", order=90)
def workshop_progress(filters: Filters) -> Figure:
    """Challenges named, acted on, answered and heard back: one query, followed in Python."""
    team = Workshop.team_id == filters.team_id if filters.team_id else true()
    published = Workshop.published_at.isnot(None).label("published")
    # One statement: the challenge cards (section "card") and every item a challenge can be followed through.
    cards_query = (select(literal("card").label("section"), Card.id, Card.cluster_id, null().label("origin_id"),
                          null().label("answers_id"), cast(null(), JSON).label("data"), Card.workshop_id, published)
                   .join(Workshop, Workshop.id == Card.workshop_id)
                   .where(Card.side == "challenge", Workshop.kind == "team", Workshop.held_on >= filters.start,
                          Workshop.held_on <= filters.end, team))
    items_query = (select(Item.section, Item.id, Item.cluster_id, Item.origin_id, Item.answers_id, Item.data,
                          Item.workshop_id, published)
                   .join(Workshop, Workshop.id == Item.workshop_id)
                   .where(Item.section.in_((*SOLUTIONS, STARTING, "senior_issue", "authority_action"))))
    found = db.session.execute(union_all(cards_query, items_query)).all()
    cards = [row for row in found if row.section == "card"]
    items = [row for row in found if row.section != "card"]
    if not cards:
        return Figure(("Challenges", "Number"), [], empty="No challenges named in team exercises in this period.")
    by_cluster, passed_on, answered_by = _chain(items)
    acted = answered = heard = 0
    # Merging clusters moves their cards and items (service.merge): a card's cluster is a live one.
    for card in cards:
        solutions = by_cluster.get(card.cluster_id, []) if card.cluster_id is not None else []
        followed = [_follow(s, passed_on, answered_by) for s in solutions]
        was_answered = any(a for a, _ in followed)
        was_acted_on = was_answered or any(s.section in ACTING for s in solutions)
        acted, answered = acted + was_acted_on, answered + was_answered
        heard += was_acted_on and card.published and all(all(r.values()) for _, r in followed)
    rows = [("Challenges named", len(cards)), ("Acted on", acted), ("Answered by senior managers", answered),
            ("Heard back", heard)]
    return Figure(("Challenges", "Number"), rows,
                  summary=[f"{acted} of {len(cards)} challenges named were acted on; {heard} heard back."])
