"""Accounts: organisations, teams, users and the records of their sessions."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, and_, func, inspect, select, update
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

ROLES = ("practitioner", "champion", "partner", "admin")
ROLE_LABELS = {
    "practitioner": "Practitioner",
    "champion": "SDS Champion",
    "partner": "Partner",
    "admin": "Administrator",
}
ORGANISATION_KINDS = {"council": "Council or HSCP", "partner": "Partner organisation"}
EMAIL_FREQUENCIES = {"immediate": "At once", "daily": "A daily digest", "none": "No emails"}


def normalise_email(email: str) -> str:
    """Emails are unique case-insensitively: store them trimmed and lower-cased."""
    return (email or "").strip().lower()


class Organisation(db.Model):
    """A council or HSCP, or a partner organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="council")
    description: Mapped[str] = mapped_column(String(4000), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(300), default="")  # public postal address, with the postcode
    website: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teams: Mapped[list["Team"]] = relationship(back_populates="organisation", order_by="Team.name")

    @property
    def is_partner(self) -> bool:
        return self.kind == "partner"

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, self.kind)


class Team(db.Model):
    """A team within an organisation (for example a locality social work team)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="teams")


def password_hash_method() -> str:
    """How new passwords are hashed: "scrypt" (n=32768), or a cheaper scrypt the test settings choose."""
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"


class User(UserMixin, db.Model):
    """A person who signs in to the Hub."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    job_title: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default="practitioner")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when failed sign-ins from many addresses pass the account threshold; a password reset lifts it.
    sign_in_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Counts "sign out everywhere" and password changes (sessions themselves are UserSession rows).
    session_version: Mapped[int] = mapped_column(default=1)
    email_frequency: Mapped[str] = mapped_column(String(20), default="immediate")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    team: Mapped[Team | None] = relationship()

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    # Flask-Login ---------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the cookie: the token of a server-side session (see auth/sessions.py)."""
        # Flask-Login asks for the id when it signs someone in: that is when a session record starts
        # (again, if the one this object knows was ended or never saved).
        return current_token(self) or start(self)

    # Passwords ----------------------------------------------------------
    def set_password(self, password: str) -> None:
        """Store a scrypt hash of the password (PASSWORD_HASH_METHOD: werkzeug's scrypt cost unless tests lower it)."""
        self.password_hash = generate_password_hash(password, method=password_hash_method())

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def end_other_sessions(self, reason: str = "ended") -> None:
        """End every session and remember-me cookie for this user (server-side, so copies stop working too)."""
        self.session_version = (self.session_version or 1) + 1
        end_all(self, reason)

    # Membership -----------------------------------------------------------
    @hybrid_property
    def is_member(self) -> bool:
        """An active account with a confirmed email: only members are listed, told, assigned or counted."""
        return bool(self.active) and self.email_confirmed_at is not None

    @is_member.inplace.expression
    @classmethod
    def _is_member_expression(cls):
        return and_(cls.active.is_(True), cls.email_confirmed_at.is_not(None))

    # Roles ---------------------------------------------------------------
    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_champion(self) -> bool:
        """Champions and admins (an admin can do everything a champion can)."""
        return self.role in ("champion", "admin")

    @property
    def is_staff(self) -> bool:
        return self.role in ("practitioner", "champion", "admin")

    @property
    def is_partner(self) -> bool:
        return self.role == "partner"

    @property
    def badge(self) -> str:
        """What shows beside the person's name on their posts."""
        if self.is_champion:
            return "SDS Champion"
        if self.is_partner and self.organisation:
            return self.organisation.name
        return ""

    @classmethod
    def by_email(cls, email: str) -> "User | None":
        """Find a user by email, case-insensitively."""
        return db.session.scalar(select(cls).where(func.lower(cls.email) == normalise_email(email)))


class UserSession(db.Model):
    """A signed-in browser: the cookie holds a random token, the database only its SHA-256 hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ended_reason: Mapped[str] = mapped_column(String(30), default="")
    # The council provider's ID token for a single sign-on session: the hint for signing out there too.
    # Kept here, not in the cookie, which a long groups claim would push past browsers' 4 KB limit.
    oidc_id_token: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship()


# The session records behind a User (sign-in, the cookie's token, ending them all) are kept here, beside
# the model, so the User methods Flask-Login calls need not import auth/sessions.py (which imports this).
def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def start(user: User, remember: bool = False) -> str:
    """Record a new session for the user and return its token (what Flask-Login puts in the cookie)."""
    raw = secrets.token_urlsafe(32)
    record = UserSession(user=user, token_hash=_hash(raw), remember=remember)
    db.session.add(record)
    db.session.flush()
    user._session_token, user._session_record = raw, record
    return raw


def current_token(user: User) -> str | None:
    """The token of the session this user object was loaded or signed in with, while its row is saved."""
    record = getattr(user, "_session_record", None)
    if record is None or not inspect(record).persistent or record.ended_at is not None:
        return None
    return user._session_token


def end_all(user: User, reason: str) -> None:
    """End every session of this user and turn off their feed address, in the caller's transaction."""
    from champions.updates.models import FeedToken

    now = utcnow()
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
                       .values(ended_at=now, ended_reason=reason).execution_options(synchronize_session=False))
    # A feed address is a standing credential too: whoever may have copied a cookie may have copied it.
    db.session.execute(update(FeedToken).where(FeedToken.user_id == user.id, FeedToken.revoked_at.is_(None))
                       .values(revoked_at=now).execution_options(synchronize_session=False))
    user._session_token = user._session_record = None
