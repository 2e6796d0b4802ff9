"""The step after a correct Hub password: a code or passkey when the person has one, enrolment when their
role requires one, then the session starts.

Between the password and the second factor the browser holds only a "pending" note in its signed session
cookie (who, since when, remember me, where next): nothing is signed in until the second step passes.
"""
from __future__ import annotations

import hashlib
import math
import time

from flask import current_app, flash, redirect, request, session, url_for

from flask_login import current_user

from champions import audit
from champions.auth import factors, passkeys, sessions
from champions.auth.models import User
from champions.extensions import db, limiter
from champions.links import is_safe_next
from champions.metrics import collectors as metrics
from champions.timeutil import utcnow

PENDING = "sign_in_pending"
PENDING_SECONDS = 10 * 60
# Setting up an app may mean installing one first: more time, and the QR code stays the same if it runs out.
SET_UP_SECONDS = 30 * 60
# Changing the second step needs the password typed this recently (so does a sign-in): a borrowed
# browser or a copied cookie cannot swap the phone or print new recovery codes.
CONFIRMED = "confirmed_at"
CONFIRM_SECONDS = 15 * 60


def required(user) -> bool:
    """True when the person's role must use a second factor with a Hub password (champions, admins)."""
    return user.role in current_app.config.get("SECOND_FACTOR_REQUIRED_ROLES", ("champion", "admin"))


def has_factor(user) -> bool:
    """True when the person has an authenticator app or at least one passkey."""
    return factors.totp_for(user) is not None or passkeys.count(user) > 0


def safe_next(target: str | None) -> str:
    """The page to go to after signing in: the one asked for, when it is on this site; else the home page."""
    return target if target and is_safe_next(target) else url_for("main.home")


def after_password(user: User, remember: bool = False, next_url: str = "", how: str = "password"):
    """A correct password (or reset link, or invitation): sign in, or ask for the second step."""
    if has_factor(user) and factors.device_is_trusted(user, request.cookies.get(factors.DEVICE_COOKIE)):
        return finish(user, remember, next_url)
    if has_factor(user) or required(user):
        session[PENDING] = {"user_id": user.id, "at": int(time.time()), "remember": bool(remember),
                            "next": next_url or "", "version": user.session_version, "how": how}
        db.session.commit()
        if has_factor(user):
            return redirect(url_for("auth.second_step"))
        return redirect(url_for("auth.set_up_authenticator"))
    return finish(user, remember, next_url)


def pending_user() -> User | None:
    """The person half-way through signing in on this browser, or None (none, too old, or changed)."""
    note = session.get(PENDING)
    if not isinstance(note, dict) or time.time() - note.get("at", 0) > SET_UP_SECONDS:
        return None
    user = db.session.get(User, note.get("user_id"))
    # A password change or "sign out everywhere" since the password was typed cancels the half sign-in.
    if user is None or not user.active or user.session_version != note.get("version"):
        return None
    if has_factor(user) and time.time() - note.get("at", 0) > PENDING_SECONDS:
        return None
    return user


def who() -> tuple[User | None, bool]:
    """(the person setting up or passing the second step, True when they are not signed in yet)."""
    if current_user.is_authenticated:
        return current_user._get_current_object(), False
    return pending_user(), True


def finish(user: User, remember: bool | None = None, next_url: str | None = None, message: str = ""):
    """Start the session (after the second step where there is one) and go where the person was going."""
    note = session.pop(PENDING, None) or {}
    remember = note.get("remember", False) if remember is None else remember
    next_url = note.get("next", "") if next_url is None else next_url
    user.last_sign_in_at = utcnow()
    sessions.sign_in(user, remember=remember)
    mark_confirmed()
    db.session.commit()
    flash(message or f"Signed in as {user.display_name}.", "success")
    return redirect(safe_next(next_url))


def mark_confirmed() -> None:
    """The person has just proved who they are on this browser (signed in, or typed their password)."""
    session[CONFIRMED] = int(time.time())


def needs_confirming(user) -> bool:
    """True when changing the second step must wait for the password again (more than 15 minutes since)."""
    if not user.password_hash or not has_factor(user):
        return False  # nothing to protect: no password to pair with a stolen factor, or no factor yet
    return time.time() - session.get(CONFIRMED, 0) > CONFIRM_SECONDS


CONFIRM_FIRST = "For your security, enter your password again before you change how you sign in."


def confirm_first(user, back: str | None = None):
    """A redirect to the password page when the change must wait for it; None to go ahead."""
    if not needs_confirming(user):
        return None
    flash(CONFIRM_FIRST, "info")
    return redirect(url_for("auth.confirm_password", next=back or url_for("auth.security")))


def set_device_cookie(response, device: tuple[str, int]):
    """Remember this browser for 30 days (factors.remember_device made the record): no second step here till then."""
    raw, max_age = device
    response.set_cookie(factors.DEVICE_COOKIE, raw, max_age=max_age, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")), path="/auth/")
    return response


# --- the per-account limit on wrong codes ---------------------------------------------------
def _key(user) -> str:
    digest = hashlib.sha256(f"second-factor\0{user.id}".encode()).hexdigest()[:32]
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', '')}second-factor:{digest}"


def _limit() -> tuple[int, int]:
    return (int(current_app.config.get("SECOND_FACTOR_MAX_FAILURES", 5)),
            int(current_app.config.get("SECOND_FACTOR_WINDOW_SECONDS", 900)))


def wait_seconds(user) -> int:
    """Seconds until this account may try another code (0: go ahead). Counted per account, any address."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return 0
    most, _ = _limit()
    key = _key(user)
    if (limiter.storage.get(key) or 0) < most:
        return 0
    return max(1, math.ceil(limiter.storage.get_expiry(key) - time.time()))


def record_failure(user, what: str) -> None:
    """Count a wrong code; the limit's first hit is audited (someone may have the password)."""
    metrics.sign_in_failed("second_step")
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    most, window = _limit()
    if limiter.storage.incr(_key(user), window) == most:
        audit.record(None, "user.second_factor_limit", user,
                     summary=f"{most} wrong {what} codes for {user.email}: codes refused for a while")


def clear_failures(user) -> None:
    if current_app.config.get("RATELIMIT_ENABLED", True):
        limiter.storage.clear(_key(user))
