"""Slowing down password guessing without letting anyone lock a colleague out.

Failed sign-ins are counted per (address, account) pair: after SIGN_IN_FREE_FAILURES of them, that pair
must wait 2, 4, 8 ... seconds (at most SIGN_IN_MAX_WAIT_SECONDS) before the next try. The owner signing
in from another address is not slowed by a stranger's guesses. Only when an account collects
SIGN_IN_LOCK_FAILURES failures in a day, from any addresses, is it locked; a password reset by email lifts
the lock. Counts live in Flask-Limiter's storage (memory, or Redis shared by every worker and server).
"""
from __future__ import annotations

import hashlib
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address

from champions import audit
from champions.extensions import limiter
from champions.metrics import collectors as metrics
from champions.timeutil import utcnow

DAY = 24 * 3600


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _key(kind: str, *parts: str) -> str:
    # Hashed so no email address is written in clear to Redis.
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', '')}sign-in-{kind}:{digest}"


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def wait_seconds(email: str) -> int:
    """How long this address must wait before trying this account again (0: go ahead)."""
    if not _enabled():
        return 0
    key = _key("wait", get_remote_address(), email)
    if not limiter.storage.get(key):
        return 0
    return max(1, math.ceil(limiter.storage.get_expiry(key) - time.time()))


def record_failure(email: str, user=None) -> None:
    """Count a failed sign-in; start a wait for this address and account, or lock the account."""
    metrics.sign_in_failed("password")
    if not _enabled():
        return
    storage = limiter.storage
    failures = storage.incr(_key("pair", get_remote_address(), email), DAY)
    free = _setting("SIGN_IN_FREE_FAILURES", 5)
    if failures >= free:
        wait = min(2 ** (failures - free + 1), _setting("SIGN_IN_MAX_WAIT_SECONDS", 900))
        storage.incr(_key("wait", get_remote_address(), email), wait)
    total = storage.incr(_key("account", email), DAY)
    if user is not None and user.sign_in_locked_at is None and total >= _setting("SIGN_IN_LOCK_FAILURES", 100):
        user.sign_in_locked_at = utcnow()
        audit.record(None, "user.sign_in_lock", user,
                     summary=f"Locked {user.email} after {total} failed sign-ins in a day")


def record_success(email: str) -> None:
    """A correct password from this address: its count for this account starts again."""
    if _enabled():
        limiter.storage.clear(_key("pair", get_remote_address(), email))
        limiter.storage.clear(_key("wait", get_remote_address(), email))


def unlock(user) -> None:
    """A password reset by email proves the owner: lift the account lock and forget the day's count."""
    user.sign_in_locked_at = None
    if _enabled():
        limiter.storage.clear(_key("account", user.email))
