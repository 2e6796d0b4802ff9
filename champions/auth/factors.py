"""The second factor for Hub passwords: authenticator apps (TOTP, RFC 6238), recovery codes and
remembered devices. Passkeys are in auth/passkeys.py.

The authenticator secret is stored encrypted (Fernet, with a key derived from SECRET_KEY), recovery codes
and remembered-device tokens only as SHA-256 hashes: a copy of the database alone cannot pass the step.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from markupsafe import Markup
from sqlalchemy import ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

STEP = 30  # seconds per code (RFC 6238's default, which every authenticator app uses)
RECOVERY_CODES = 10
DEVICE_DAYS = 30
DEVICE_COOKIE = "hub_device"
# Letters and digits that cannot be mistaken for each other when read aloud or copied from paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class TotpCredential(db.Model):
    """A person's authenticator app: its secret (encrypted) and the last time step used (no code twice)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True, index=True)
    secret_encrypted: Mapped[str] = mapped_column(String(300))
    last_step: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(db.Model):
    """One single-use recovery code (its hash), for when the phone is lost."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrustedDevice(db.Model):
    """A browser where the person chose "remember this device": no code asked there for 30 days."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def _sha(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- authenticator apps -----------------------------------------------------------------
def _fernet() -> Fernet:
    digest = hashlib.sha256(b"sds-hub-totp\0" + current_app.config["SECRET_KEY"].encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_secret() -> str:
    """A random base32 secret (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(32)


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str | None:
    """The secret, or None when SECRET_KEY has changed since enrolment (the person must enrol again)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=current_app.config.get("SITE_NAME", "SDS Hub"))


def qr_svg(uri: str) -> Markup:
    """The QR code as inline SVG, drawn on the server (no outside service sees the secret)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, omitsize=True, title="QR code for your authenticator app",
                                               dark="#0b0c0c", light="#ffffff")
    return Markup(svg)  # noqa: S704 - segno's own output, built from our own URI


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type: 'ABCD EFGH ...'."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def clean_code(code: str | None) -> str:
    """What the person typed, without spaces or dashes, lower-cased."""
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def code_matches_secret(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step a 6-digit code belongs to (this one or either neighbour, for clock drift), or None."""
    code = clean_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((now if now is not None else time.time()) // STEP)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def totp_for(user) -> TotpCredential | None:
    return db.session.scalar(select(TotpCredential).where(TotpCredential.user_id == user.id))


def check_totp(user, code: str) -> str:
    """'ok', 'reused' (that code was already used) or 'wrong'. A code is used once, atomically."""
    credential = totp_for(user)
    secret = decrypt(credential.secret_encrypted) if credential else None
    if secret is None:
        return "wrong"
    step = code_matches_secret(secret, code)
    if step is None:
        return "wrong"
    # Only one request can move last_step past this step: a code copied by an onlooker fails.
    result = db.session.execute(update(TotpCredential).where(
        TotpCredential.id == credential.id, TotpCredential.last_step < step)
        .values(last_step=step, last_used_at=utcnow()).execution_options(synchronize_session=False))
    return "ok" if result.rowcount == 1 else "reused"


def enrol_totp(user, secret: str, step: int) -> TotpCredential:
    """Save a confirmed authenticator (replacing any earlier one); the confirming code counts as used."""
    credential = totp_for(user)
    if credential is None:
        credential = TotpCredential(user_id=user.id, secret_encrypted=encrypt(secret), last_step=step)
        db.session.add(credential)
    else:
        credential.secret_encrypted, credential.last_step, credential.created_at = encrypt(secret), step, utcnow()
    db.session.flush()
    return credential


# --- recovery codes -------------------------------------------------------------------------
def new_recovery_codes(user) -> list[str]:
    """Ten new codes (earlier ones stop working); returned once, stored hashed."""
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_sha(raw)))
    db.session.flush()
    return codes


def recovery_codes_left(user) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def use_recovery_code(user, code: str) -> bool:
    """Spend a recovery code: True once for each code, in one conditional UPDATE."""
    raw = clean_code(code)
    if len(raw) != 10:
        return False
    result = db.session.execute(update(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _sha(raw), RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount == 1


# --- remembered devices ---------------------------------------------------------------------
def remember_device(user) -> tuple[str, int]:
    """Start a remembered device; returns the cookie value and its lifetime in seconds."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(TrustedDevice(user_id=user.id, token_hash=_sha(raw), created_at=now,
                                 expires_at=now + timedelta(days=DEVICE_DAYS)))
    return raw, DEVICE_DAYS * 24 * 3600


def device_is_trusted(user, raw: str | None) -> bool:
    """True when this browser's cookie is a live remembered device of this person."""
    if not raw or len(raw) > 100:
        return False
    return db.session.scalar(select(TrustedDevice.id).where(
        TrustedDevice.user_id == user.id, TrustedDevice.token_hash == _sha(raw),
        TrustedDevice.revoked_at.is_(None), TrustedDevice.expires_at > utcnow())) is not None


def forget_devices(user) -> int:
    """Every remembered device of this person asks for a code again; returns how many were live."""
    result = db.session.execute(update(TrustedDevice).where(
        TrustedDevice.user_id == user.id, TrustedDevice.revoked_at.is_(None)).values(revoked_at=utcnow())
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def remove_all(user) -> None:
    """Remove the authenticator, the recovery codes and the remembered devices (passkeys: passkeys.py)."""
    db.session.execute(TotpCredential.__table__.delete().where(TotpCredential.user_id == user.id))
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    forget_devices(user)
