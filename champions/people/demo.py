"""Demo following and saving: the demo practitioner follows a tag and has a question saved (safe to run again)."""
from __future__ import annotations

from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from champions.notifications import preferences
from champions.people import following
from champions.questions.models import Question, Tag


def seed() -> None:
    """Give the demo practitioner a followed tag and a saved question, and the demo champion a digest choice."""
    practitioner = db.session.scalar(select(User).where(User.email == "practitioner@example.org"))
    champion = db.session.scalar(select(User).where(User.email == "champion@example.org"))
    if practitioner is not None:
        tag = db.session.scalar(select(Tag).order_by(Tag.sort_order, Tag.id).limit(1))
        if tag is not None:
            following.set_tag_follow(practitioner, tag, True)
        question = db.session.scalar(select(Question).where(Question.visibility != "champions",
                                                            Question.hidden.is_(False)).order_by(Question.id).limit(1))
        if question is not None:
            following.set_saved(practitioner, "question", question.id, True)
    if champion is not None:
        # Champions get new questions in the daily digest by default; the demo one chose to hear at once.
        preferences.choose(champion, "new_question", "immediate")
    db.session.commit()
