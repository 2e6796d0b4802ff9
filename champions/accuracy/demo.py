"""Demo content: one endorsed answer checked by a champion, so readers see 'Checked ... by an SDS Champion'."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.accuracy.models import get_or_new
from champions.auth.models import User
from champions.extensions import db
from champions.questions.models import Answer
from champions.timeutil import utcnow


def seed() -> None:
    """Mark the first endorsed answer as checked six weeks ago (safe to run again)."""
    champion = db.session.scalar(select(User).where(User.email == "champion@example.org"))
    answer = db.session.scalar(select(Answer).where(Answer.endorsed_by_id.isnot(None), Answer.hidden.is_(False))
                               .order_by(Answer.id).limit(1))
    if champion is None or answer is None:
        return
    check = get_or_new("answer", answer.id)
    if check.checked_at is None:
        check.confirm(champion)
        check.checked_at = utcnow() - timedelta(weeks=6)

