"""Knowledge-check rules: attempts allowed, the wait between attempts, and when the right answers are shown."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select

from champions.extensions import db
from champions.induction.models import CheckAttempt, Module
from champions.timeutil import utcnow


@dataclass
class Allowance:
    """Where a person stands with a module's check at its current version."""

    module: Module
    used: int
    passed: bool
    last_failed_at: datetime | None
    now: datetime

    @property
    def remaining(self) -> int | None:
        """Attempts left (None: no limit)."""
        return None if not self.module.max_attempts else max(0, self.module.max_attempts - self.used)

    @property
    def out_of_attempts(self) -> bool:
        return self.remaining == 0

    @property
    def next_try_at(self) -> datetime | None:
        """When they may try again after a failed attempt (None: now)."""
        if not self.module.attempt_pause_minutes or self.last_failed_at is None or self.passed:
            return None
        at = self.last_failed_at + timedelta(minutes=self.module.attempt_pause_minutes)
        return at if at > self.now else None

    @property
    def can_try(self) -> bool:
        return not self.out_of_attempts and self.next_try_at is None

    @property
    def reveals_answers(self) -> bool:
        """The right answers and their explanations are shown only after a pass or the last allowed attempt."""
        return self.passed or self.out_of_attempts


def allowance(user, module: Module, now: datetime | None = None) -> Allowance:
    """Count this person's attempts at the module's current version, and note their last one (one query)."""
    last = db.session.execute(
        select(CheckAttempt.created_at, CheckAttempt.passed, func.count().over(),
               func.max(case((CheckAttempt.passed, 1), else_=0)).over())
        .where(CheckAttempt.user_id == user.id, CheckAttempt.module_id == module.id,
               CheckAttempt.module_version == module.version)
        .order_by(CheckAttempt.created_at.desc(), CheckAttempt.id.desc()).limit(1)).first()
    if last is None:
        return Allowance(module, 0, False, None, now or utcnow())
    created_at, last_passed, used, any_passed = last
    return Allowance(module, used, bool(any_passed), created_at if not last_passed else None, now or utcnow())


def attempts_before(user_id: int, module: Module, attempt_id: int | None = None) -> int:
    """How many attempts the person had made at this module before the given one (or so far): seeds the shuffle."""
    query = select(func.count(CheckAttempt.id)).where(CheckAttempt.user_id == user_id, CheckAttempt.module_id == module.id)
    if attempt_id is not None:
        query = query.where(CheckAttempt.id < attempt_id)
    return db.session.scalar(query) or 0


def latest_attempt(user_id: int, module: Module) -> tuple[CheckAttempt | None, int]:
    """The person's latest attempt at this module (any version) and how many they have made, in one query."""
    row = db.session.execute(
        select(CheckAttempt, func.count().over())
        .where(CheckAttempt.user_id == user_id, CheckAttempt.module_id == module.id)
        .order_by(CheckAttempt.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None else (None, 0)
