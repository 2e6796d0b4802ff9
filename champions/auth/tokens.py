"""Single-use emailed links: email confirmation, invitations and password reset.

Only a SHA-256 hash of each random token is stored, so a copy of the database
cannot be used to confirm, accept or reset anything.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, and_, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.links import absolute_url
from champions.timeutil import UTCDateTime, utcnow

CONFIRM_EMAIL = "confirm_email"
INVITATION = "invitation"
PASSWORD_RESET = "password_reset"

LIFETIMES = {
    CONFIRM_EMAIL: timedelta(hours=48),
    INVITATION: timedelta(days=7),
    PASSWORD_RESET: timedelta(hours=1),
}
ENDPOINTS = {
    CONFIRM_EMAIL: "auth.confirm_email",
    INVITATION: "auth.accept_invitation",
    PASSWORD_RESET: "auth.reset_password",
}
STATUS_LABELS = {"pending": "Pending", "accepted": "Accepted", "expired": "Expired", "revoked": "Revoked"}


def hash_token(raw: str) -> str:
    """The SHA-256 hex digest stored in place of the token itself."""
    return hashlib.sha256((raw or "").encode()).hexdigest()


class AccountToken(db.Model):
    """One emailed link: for an existing user (confirm, reset) or an invited email address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    role: Mapped[str] = mapped_column(String(20), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    organisation = relationship("Organisation")

    @property
    def status(self) -> str:
        """pending, accepted (used), expired or revoked."""
        if self.used_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= utcnow():
            return "expired"
        return "pending"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def role_label(self) -> str:
        from champions.auth.models import ROLE_LABELS

        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"

    def renew(self) -> str:
        """Give this link a fresh token and expiry (the old link stops working); returns the new token."""
        raw = secrets.token_urlsafe(32)
        self.token_hash = hash_token(raw)
        self.sent_at = utcnow()
        self.expires_at = self.sent_at + LIFETIMES[self.purpose]
        return raw

    def mark_used(self) -> None:
        """Consume the link: it cannot be used again."""
        self.used_at = utcnow()


def status_clause(status: str):
    """A SQL condition selecting tokens in this status."""
    now = utcnow()
    return {
        "pending": and_(AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None), AccountToken.expires_at > now),
        "accepted": AccountToken.used_at.is_not(None),
        "revoked": and_(AccountToken.used_at.is_(None), AccountToken.revoked_at.is_not(None)),
        "expired": and_(AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None), AccountToken.expires_at <= now),
    }[status]


def issue(purpose: str, *, user=None, email: str = "", role: str = "", organisation=None,
          created_by=None) -> tuple[AccountToken, str]:
    """Create a link (earlier unused links of this purpose for the user stop working); returns it and its token."""
    if purpose not in LIFETIMES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    if user is not None:
        revoke_pending(purpose, user)
    token = AccountToken(purpose=purpose, user=user, email=email or getattr(user, "email", ""), role=role,
                         organisation=organisation, created_by=created_by)
    raw = token.renew()
    db.session.add(token)
    return token, raw


def revoke_pending(purpose: str, user) -> None:
    """Stop every unused link of this purpose for the user (a newer link, or the password changed)."""
    for old in db.session.scalars(select(AccountToken).where(
            AccountToken.purpose == purpose, AccountToken.user_id == user.id, status_clause("pending"))):
        old.revoked_at = utcnow()


def find(purpose: str, raw: str) -> AccountToken | None:
    """The link behind this token (in any status), or None when there is no such link."""
    if not raw or len(raw) > 200:
        return None
    return db.session.scalar(select(AccountToken).where(
        AccountToken.purpose == purpose, AccountToken.token_hash == hash_token(raw)))


def consume(purpose: str, raw: str) -> AccountToken | None:
    """Use a link once: returns it, marked used, or None when it is unknown, used, revoked or expired."""
    token = find(purpose, raw)
    if token is None or not token.is_usable:
        return None
    token.mark_used()
    return token


def claim(token: AccountToken) -> bool:
    """Use the link in one conditional UPDATE; False when another request used or revoked it first.

    Two submissions of the same link at the same moment both see it unused when they load it; only
    one of them can change used_at from NULL, so only one resets the password or makes the account.
    """
    now = utcnow()
    result = db.session.execute(update(AccountToken).where(
        AccountToken.id == token.id, AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None),
        AccountToken.expires_at > now).values(used_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return False
    token.used_at = now
    return True


def link_for(purpose: str, raw: str) -> str:
    """The full address to put in an email: SERVER_BASE_URL and the link's path."""
    return absolute_url(ENDPOINTS[purpose], token=raw)
