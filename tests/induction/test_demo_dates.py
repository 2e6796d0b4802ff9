"""The demo induction never records progress before the person joined (the new starter joined today)."""
from __future__ import annotations

from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from champions.induction.models import CheckAttempt, LessonProgress, ModuleCompletion


def test_demo_progress_is_not_older_than_the_account(demo):
    with demo.app_context():
        for user in db.session.scalars(select(User)):
            for model, column in ((CheckAttempt, CheckAttempt.created_at), (ModuleCompletion, ModuleCompletion.completed_at),
                                  (LessonProgress, LessonProgress.completed_at)):
                earliest = db.session.scalar(select(column).where(model.user_id == user.id, column.is_not(None))
                                             .order_by(column).limit(1))
                assert earliest is None or earliest >= user.created_at, \
                    f"{user.email}: {model.__name__} on {earliest:%d %B %Y}, but joined {user.created_at:%d %B %Y}"
