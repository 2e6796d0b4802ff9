"""Factories for emailed links (confirmation, reset, invitation). They add and flush, never commit."""
from __future__ import annotations

from datetime import timedelta

from champions.auth import tokens
from champions.extensions import db


def token(purpose: str, *, expired: bool = False, used: bool = False, **kwargs) -> tuple[tokens.AccountToken, str]:
    """A link and its raw token; optionally already expired or used."""
    item, raw = tokens.issue(purpose, **kwargs)
    if expired:
        item.expires_at = item.sent_at - timedelta(seconds=1)
    if used:
        item.mark_used()
    db.session.flush()
    return item, raw


def invitation(email: str = "invitee@partner.example.net", role: str = "partner", organisation=None,
               created_by=None, **kwargs) -> tuple[tokens.AccountToken, str]:
    """A pending invitation and its raw token."""
    return token(tokens.INVITATION, email=email, role=role, organisation=organisation, created_by=created_by, **kwargs)


def authenticator(user, secret: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") -> str:
    """Enrol the user's authenticator app with this secret (no code used yet); returns the secret."""
    from champions.auth import factors

    factors.enrol_totp(user, secret, step=0)
    return secret


def code(secret: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", steps_ago: int = 0) -> str:
    """The authenticator app's code now (or a number of 30-second steps ago)."""
    import time

    import pyotp

    return pyotp.TOTP(secret).at(time.time() - 30 * steps_ago)
