"""Single sign-on with the council's identity provider (OpenID Connect, through Authlib).

Authlib does the protocol: discovery, the authorisation code flow with PKCE (S256), state and nonce kept
in the signed session cookie, the ID token's signature checked against the provider's JWKS, and its
issuer, audience, expiry and nonce checked. This module decides what the claims mean for the Hub: which
account, which role.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import requests
from authlib.integrations.flask_client import OAuth
from flask import current_app
from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from champions import audit
from champions.auth.models import ROLE_LABELS, User, normalise_email
from champions.extensions import db
from champions.links import absolute_url
from champions.timeutil import UTCDateTime, utcnow

NAME = "council"


class OidcIdentity(db.Model):
    """A Hub account's link to one person at the identity provider (issuer and subject, never the email)."""

    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInRefused(Exception):
    """The provider vouched for someone the Hub will not let in: the message says why, and what to do."""

    def __init__(self, message: str, audit_reason: str):
        super().__init__(message)
        self.message, self.audit_reason = message, audit_reason


def enabled() -> bool:
    """True when the environment names a provider and a client."""
    config = current_app.config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def label() -> str:
    return current_app.config.get("OIDC_LABEL") or "Sign in with your council account"


def client():
    """The Authlib client for the configured provider (made again if the settings change)."""
    config = current_app.config
    settings = (config["OIDC_ISSUER"].rstrip("/"), config["OIDC_CLIENT_ID"], config.get("OIDC_CLIENT_SECRET", ""),
                config.get("OIDC_SCOPES") or "openid email profile", int(config.get("OIDC_TIMEOUT", 10)))
    cached = current_app.extensions.get("hub_oidc")
    if cached is None or cached[0] != settings:
        issuer, client_id, secret, scopes, timeout = settings
        oauth = OAuth(current_app)
        oauth.register(NAME, client_id=client_id, client_secret=secret or None,
                       server_metadata_url=f"{issuer}/.well-known/openid-configuration",
                       client_kwargs={"scope": scopes, "code_challenge_method": "S256", "timeout": timeout})
        cached = (settings, oauth.create_client(NAME))
        current_app.extensions["hub_oidc"] = cached
    return cached[1]


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def _in_domains(email: str, domains) -> bool:
    domain = domain_of(email)
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in domains)


def sso_only(email: str) -> bool:
    """True when this address's domain must sign in through the provider (OIDC_ONLY_DOMAINS)."""
    return enabled() and _in_domains(normalise_email(email), current_app.config.get("OIDC_ONLY_DOMAINS", []))


@dataclass
class Claims:
    """What the Hub reads from a verified ID token (and the userinfo endpoint)."""

    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str
    groups: list[str]

    @classmethod
    def read(cls, claims: dict, issuer: str) -> "Claims":
        config = current_app.config
        email = normalise_email(str(claims.get("email") or claims.get("preferred_username") or ""))
        verified = claims.get("email_verified")
        # Entra ID sends no email_verified: the council's own directory vouches for its addresses.
        trusted = bool(config.get("OIDC_TRUST_EMAIL")) and verified is None
        groups = claims.get(config.get("OIDC_GROUPS_CLAIM") or "groups") or []
        if isinstance(groups, str):
            groups = [groups]
        name = str(claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")]))
                   or email.split("@")[0])
        return cls(issuer=str(claims.get("iss") or issuer), subject=str(claims.get("sub") or ""), email=email,
                   email_verified=verified is True or verified == "true" or trusted, name=name[:70],
                   groups=[str(g) for g in groups])


def mapped_role(claims: Claims) -> str | None:
    """The role the groups claim gives, or None when no mapping is configured (roles are then the Hub's)."""
    config = current_app.config
    admins, champions = config.get("OIDC_ADMIN_GROUPS", []), config.get("OIDC_CHAMPION_GROUPS", [])
    if not admins and not champions:
        return None
    groups = set(claims.groups)
    if groups & set(admins):
        return "admin"
    if groups & set(champions):
        return "champion"
    return "practitioner"


def failed(reason: str, email: str = "") -> None:
    """Audit a refused single sign-on (the caller commits)."""
    audit.record(None, "user.sso_sign_in_failed", None,
                 summary=f"Single sign-on refused{' for ' + email if email else ''}: {reason}")


def _linked(claims: Claims) -> User | None:
    return db.session.scalar(select(User).join(OidcIdentity, OidcIdentity.user_id == User.id).where(
        OidcIdentity.issuer == claims.issuer, OidcIdentity.subject == claims.subject))


def account_for(claims: Claims) -> User:
    """The account these claims sign in to: linked before, linked now by verified email, or new."""
    if not claims.subject or not claims.email:
        raise SignInRefused("Your council account did not tell us your email address. Ask your IT service desk "
                            "to release the email claim to the Hub.", "no subject or email in the token")
    user = _linked(claims)
    if user is None:
        user = User.by_email(claims.email)
        if user is not None:
            if not claims.email_verified:
                raise SignInRefused("Your council account's email address is not verified, so it cannot be "
                                    "joined to your Hub account. Sign in with your Hub password instead.",
                                    "email not verified")
            _link(user, claims, "user.sso_link", f"Joined {user.email} to their council account")
        else:
            user = _create(claims)
    if not user.active:
        raise SignInRefused("Your account has been deactivated. Ask an administrator if you need it back.",
                        "account deactivated")
    _apply_role(user, claims)
    if user.email_confirmed_at is None and claims.email_verified:
        user.email_confirmed_at = utcnow()
    return user


def _link(user: User, claims: Claims, action: str, summary: str) -> None:
    db.session.add(OidcIdentity(user_id=user.id, issuer=claims.issuer, subject=claims.subject))
    audit.record(user, action, user, summary=summary, after={"issuer": claims.issuer, "subject": claims.subject})


def _create(claims: Claims) -> User:
    allowed = current_app.config.get("ALLOWED_STAFF_DOMAINS", [])
    if not _in_domains(claims.email, allowed):
        raise SignInRefused(f"Accounts for {domain_of(claims.email)} addresses cannot be made here. Use your "
                            "council or HSCP work account, or ask an administrator for an invitation.",
                            "email domain not allowed")
    now = utcnow()
    user = User(email=claims.email, display_name=claims.name, role="practitioner",
                email_confirmed_at=now if claims.email_verified else None, created_at=now)
    db.session.add(user)
    db.session.flush()
    _link(user, claims, "user.sso_create", f"Created {user.email} at their first council sign-in")
    return user


def _apply_role(user: User, claims: Claims) -> None:
    role = mapped_role(claims)
    if role is None or role == user.role or user.role == "partner":
        return  # partners are invited, not mapped: a council group never makes them staff
    before = user.role
    user.role = role
    audit.record(None, "user.role_change", user,
                 summary=f"{user.email} is now {ROLE_LABELS[role]} (from their council groups)",
                 before={"role": before}, after={"role": role, "source": "sso groups"})


def linked(user: User) -> bool:
    """True when the account is joined to a council account (it may sign in through the provider)."""
    return db.session.scalar(select(OidcIdentity.id).where(OidcIdentity.user_id == user.id).limit(1)) is not None


def record_sign_in(user: User, claims: Claims) -> None:
    identity = db.session.scalar(select(OidcIdentity).where(
        OidcIdentity.issuer == claims.issuer, OidcIdentity.subject == claims.subject))
    if identity is not None:
        identity.last_sign_in_at = utcnow()


def logout_url(id_token: str | None) -> str | None:
    """The provider's end-session address (RP-initiated logout), or None when not SSO or not supported."""
    if not id_token or not enabled():
        return None
    try:
        result = client().create_logout_url(post_logout_redirect_uri=absolute_url("auth.sign_in"),
                                            id_token_hint=id_token)
    except (requests.RequestException, RuntimeError, ValueError, KeyError):
        return None  # no end_session_endpoint, or the provider is down: the Hub session has ended anyway
    return result["url"]
