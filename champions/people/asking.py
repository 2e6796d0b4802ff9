""""Ask this champion": a question that goes to every champion as usual, and to the one asked straight away."""
from __future__ import annotations

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.notifications.service import notify
from champions.people.names import person_name


def champion_to_ask(asker, user_id: int | None):
    """The champion this person asks by name, or None (an unknown id or someone they may not ask)."""
    champion = db.session.get(User, user_id) if user_id else None
    return champion if permissions.can(asker, "people.ask", champion) else None


def tell_champion(question, champion, asker) -> None:
    """Tell the champion they were asked (unless the question is held for a champion to check first; without its
    title or words while a champion is still to check personal data its author confirmed)."""
    from champions.questions.service import title_cleared

    if question.held:
        return
    # As for every champion's "new question" notice: a title a champion is still to check stays out of it.
    cleared = title_cleared(question)
    title = f"{person_name(asker)} asked you: {question.title}" if cleared else f"{person_name(asker)} asked you a question"
    notify([champion], kind="ask_champion", title=title,
           url=question.url, visibility=permissions.QUESTION.access_label(question), actor=asker,
           subject=f"question:{question.id}", text=question.body if cleared else None)
