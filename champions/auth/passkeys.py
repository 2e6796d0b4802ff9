"""Passkeys and security keys (WebAuthn, with the `webauthn` package) as a second factor.

The relying party is the Hub's own address (SERVER_BASE_URL): its host name is the RP ID, its origin the
only origin accepted. Challenges live in the signed session cookie for one ceremony and are used once.
"""
from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, session
from sqlalchemy import ForeignKey, LargeBinary, String, func, select
from sqlalchemy.orm import Mapped, mapped_column
from webauthn import (generate_authentication_options, generate_registration_options, options_to_json,
                      verify_authentication_response, verify_registration_response)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (AuthenticatorSelectionCriteria, PublicKeyCredentialDescriptor,
                                      ResidentKeyRequirement, UserVerificationRequirement)

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

NAME_MAX = 60
_CHALLENGE = "webauthn_challenge"


class PasskeyError(ValueError):
    """The browser's answer did not verify: the message says what the person can do."""


class WebAuthnCredential(db.Model):
    """A passkey or security key registered by a person, under a name they chose."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def relying_party() -> tuple[str, str]:
    """(RP ID, origin) from SERVER_BASE_URL: the host name, and scheme://host[:port]."""
    parts = urlsplit(current_app.config.get("SERVER_BASE_URL", "http://localhost"))
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def for_user(user) -> list[WebAuthnCredential]:
    return list(db.session.scalars(select(WebAuthnCredential).where(WebAuthnCredential.user_id == user.id)
                                   .order_by(WebAuthnCredential.created_at, WebAuthnCredential.id)))


def count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(WebAuthnCredential)
                             .where(WebAuthnCredential.user_id == user.id)) or 0


def _descriptors(user) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(c.credential_id)) for c in for_user(user)]


def _take_challenge(kind: str) -> bytes:
    saved = session.pop(_CHALLENGE, None) or {}
    if saved.get("kind") != kind or not saved.get("value"):
        raise PasskeyError("That attempt has expired. Try again.")
    return base64url_to_bytes(saved["value"])


def registration_options(user) -> str:
    """The JSON options for navigator.credentials.create(); the challenge is kept in the session."""
    rp_id, _ = relying_party()
    options = generate_registration_options(
        rp_id=rp_id, rp_name=current_app.config.get("SITE_NAME", "SDS Champions Hub"),
        user_id=f"hub-user-{user.id}".encode(), user_name=user.email, user_display_name=user.display_name,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.PREFERRED))
    session[_CHALLENGE] = {"kind": "register", "value": bytes_to_base64url(options.challenge)}
    return options_to_json(options)


def register(user, credential: dict | str, name: str) -> WebAuthnCredential:
    """Verify the browser's answer and save the new passkey under its name."""
    name = (name or "").strip()[:NAME_MAX] or "Passkey"
    challenge = _take_challenge("register")
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(credential=credential, expected_challenge=challenge,
                                                expected_rp_id=rp_id, expected_origin=origin)
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise PasskeyError("The passkey could not be checked. Try again, or use another passkey.") from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(select(WebAuthnCredential.id).where(WebAuthnCredential.credential_id == credential_id)):
        raise PasskeyError("That passkey is already registered.")
    record = WebAuthnCredential(user_id=user.id, credential_id=credential_id, name=name,
                                public_key=verified.credential_public_key, sign_count=verified.sign_count)
    db.session.add(record)
    db.session.flush()
    return record


def authentication_options(user) -> str:
    """The JSON options for navigator.credentials.get(), limited to this person's passkeys."""
    rp_id, _ = relying_party()
    options = generate_authentication_options(rp_id=rp_id, allow_credentials=_descriptors(user),
                                              user_verification=UserVerificationRequirement.PREFERRED)
    session[_CHALLENGE] = {"kind": "authenticate", "value": bytes_to_base64url(options.challenge)}
    return options_to_json(options)


def authenticate(user, credential: dict | str) -> WebAuthnCredential:
    """Verify a passkey answer from one of this person's passkeys; updates its counter."""
    challenge = _take_challenge("authenticate")
    try:
        data = json.loads(credential) if isinstance(credential, str) else dict(credential)
        credential_id = str(data.get("id", ""))
    except (ValueError, TypeError) as exc:
        raise PasskeyError("The passkey could not be checked. Try again.") from exc
    record = db.session.scalar(select(WebAuthnCredential).where(
        WebAuthnCredential.user_id == user.id, WebAuthnCredential.credential_id == credential_id))
    if record is None:
        raise PasskeyError("That passkey is not registered to your account. Use another, or a code.")
    rp_id, origin = relying_party()
    try:
        verified = verify_authentication_response(
            credential=data, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin,
            credential_public_key=record.public_key, credential_current_sign_count=record.sign_count)
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise PasskeyError("The passkey could not be checked. Try again, or use a code.") from exc
    record.sign_count = verified.new_sign_count
    record.last_used_at = utcnow()
    return record


def remove_all(user) -> None:
    db.session.execute(WebAuthnCredential.__table__.delete().where(WebAuthnCredential.user_id == user.id))
