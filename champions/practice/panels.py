"""Home page panel for champions, and the question page's list of linked examples."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from champions import permissions
from champions.main.panels import Panel, home_panel
from champions.people.needs import ask_with_counts, count_of, home_count, home_counts
from champions.practice import bp, queries


@home_count("practice_due")
def _due_count(user):
    return count_of(queries.due_for_review_query()) if permissions.can(user, "practice.review") else None


@home_panel(order=40)
def practice_review_panel(user):
    """Champions: how many examples await review and how many are due for review."""
    if not permissions.can(user, "practice.review"):
        return None
    found = home_counts(user)  # "review" is the "Needs you" count of submitted examples
    return Panel("practice/_home_panel.html", {"awaiting": found["review"], "due": found["practice_due"]})


def ask_linked_examples(question, user) -> None:
    """Ask, with the navigation's counts, whether the question page will list any examples: most questions
    have none, and then `practice_examples_for` needs no query of its own."""
    query = queries.linked_examples_query(question, user)
    g.hub_linked_examples = (question.id, ask_with_counts(query, lambda: False))


@bp.app_template_global("practice_examples_for")
def practice_examples_for(question):
    """Published examples linked to a question that the current user may see (one query, or none when the
    navigation's counts answered `ask_linked_examples` with no)."""
    if question is None or not getattr(current_user, "is_authenticated", False):
        return []
    asked = g.get("hub_linked_examples")
    if asked is not None and asked[0] == question.id and asked[1].value is False:
        return []
    return queries.linked_examples(question, current_user)
