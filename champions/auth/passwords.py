"""Password rules: at least 12 characters and not a common password."""
from __future__ import annotations

from functools import lru_cache

MIN_LENGTH = 12


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords bundled with zxcvbn, lower-cased."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password is not acceptable, in plain English, or None if it is fine."""
    if len(password or "") < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters long."
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!") in common_passwords() and len(set(lowered)) < 6:
        return "That password is too common. Choose one that is harder to guess, like three random words."
    if len(set(password)) < 4:
        return "That password is too easy to guess. Choose one that is harder to guess, like three random words."
    local = (email or "").split("@")[0].lower()
    if local and len(local) >= 4 and local in lowered:
        return "Your password must not contain your email address."
    return _guessability_problem(password, [email, local])


def _guessability_problem(password: str, user_inputs: list[str]) -> str | None:
    """zxcvbn's estimate: catches common passwords with digits added, sequences, keyboard runs and repeats."""
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:128], user_inputs=[text for text in user_inputs if text])
    if result["score"] >= 3:
        return None
    warning = result["feedback"].get("warning") or ""
    if "common" in warning.lower():
        return "That password is too common. Choose one that is harder to guess, like three random words."
    return ("That password is too easy to guess. " + (warning + " " if warning else "")
            + "Choose one that is harder to guess, like three random words.")
