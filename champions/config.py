"""Configuration, read from environment variables when the app is created."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised when the environment cannot give a safe configuration."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _list(value: str | None) -> list[str]:
    """A comma-separated setting as a list, spaces trimmed, empty items dropped."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _domains(value: str | None) -> list[str]:
    return [d for d in (item.lower().lstrip("@") for item in _list(value)) if d]


def sign_in_settings(env: dict) -> dict:
    """Single sign-on (OpenID Connect) and the second factor for Hub passwords."""
    if env.get("OIDC_ISSUER", "").strip() and not env.get("OIDC_CLIENT_ID", "").strip():
        raise ConfigError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not: set both for single sign-on, or neither")
    return {
        "OIDC_ISSUER": env.get("OIDC_ISSUER", "").strip().rstrip("/"),
        "OIDC_CLIENT_ID": env.get("OIDC_CLIENT_ID", "").strip(),
        "OIDC_CLIENT_SECRET": env.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_LABEL": env.get("OIDC_LABEL", "").strip() or "Sign in with your council account",
        "OIDC_SCOPES": env.get("OIDC_SCOPES", "").strip() or "openid email profile",
        "OIDC_GROUPS_CLAIM": env.get("OIDC_GROUPS_CLAIM", "").strip() or "groups",
        "OIDC_CHAMPION_GROUPS": _list(env.get("OIDC_CHAMPION_GROUPS")),
        "OIDC_ADMIN_GROUPS": _list(env.get("OIDC_ADMIN_GROUPS")),
        "OIDC_ONLY_DOMAINS": _domains(env.get("OIDC_ONLY_DOMAINS")),
        "OIDC_TRUST_EMAIL": _bool(env.get("OIDC_TRUST_EMAIL")),
        "OIDC_TIMEOUT": _int(env, "OIDC_TIMEOUT", 10),
        "SECOND_FACTOR_REQUIRED_ROLES": tuple(_list(env.get("SECOND_FACTOR_REQUIRED_ROLES", "champion,admin"))),
        "SECOND_FACTOR_MAX_FAILURES": _int(env, "SECOND_FACTOR_MAX_FAILURES", 5),
        "SECOND_FACTOR_WINDOW_SECONDS": _int(env, "SECOND_FACTOR_WINDOW_SECONDS", 900),
    }


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def from_environment(instance_path: str, env: dict | None = None) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = dict(os.environ if env is None else env)
    demo = _bool(env.get("DEMO"))  # never implied by FLASK_DEBUG: demo mode brings a fixed secret key
    secret = env.get("SECRET_KEY", "")
    if not secret:
        if not demo:
            raise ConfigError(
                "SECRET_KEY is not set: set it to a long random string "
                "(python -c 'import secrets; print(secrets.token_hex(32))'), or DEMO=1 for a local demo."
            )
        secret = "demo-only-secret-key-not-for-production"
    instance = Path(instance_path)
    database_url = normalise_database_url(
        env.get("DATABASE_URL") or f"sqlite:///{instance / 'champions.db'}"
    )
    https = _bool(env.get("HTTPS"), default=not demo)
    return sign_in_settings(env) | operations_settings(env) | {
        "SECRET_KEY": secret,
        "DEMO": demo,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": env.get("SEARCH_BACKEND", "whoosh"),
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR") or str(instance / "search-index"),
        "SEARCH_WRITER_TIMEOUT": _int(env, "SEARCH_WRITER_TIMEOUT", 10),
        # Web workers apply queued index work after their response (a single-process demo needs that); in
        # production `flask worker` (or `flask search process --watch`) does it, so no web worker waits for the index.
        "SEARCH_APPLY_IN_WEB": _bool(env.get("SEARCH_APPLY_IN_WEB"), default=demo),
        "SEARCH_SEMANTIC": _bool(env.get("SEARCH_SEMANTIC"), default=True),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int(env, "MAIL_PORT", 587),
        "MAIL_USE_STARTTLS": _bool(env.get("MAIL_USE_STARTTLS"), default=True),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "SDS Champions Hub <no-reply@example.org>"),
        "MAIL_DIR": env.get("MAIL_DIR") or str(instance / "mail"),
        "MAIL_CONSOLE": _bool(env.get("MAIL_CONSOLE"), default=demo),
        # Where the beta banner's feedback link writes to; without it, feedback is a question to the champions.
        "FEEDBACK_EMAIL": env.get("FEEDBACK_EMAIL", "").strip(),
        "ALLOWED_STAFF_DOMAINS": _domains(env.get("ALLOWED_STAFF_DOMAINS", "example.org")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
        "SERVER_BASE_URL": env.get("SERVER_BASE_URL", "http://127.0.0.1:5000"),
        "INDUCTION_DUE_DAYS": _int(env, "INDUCTION_DUE_DAYS", 28),
        "ANSWER_TARGET_WORKING_DAYS": _int(env, "ANSWER_TARGET_WORKING_DAYS", 5),
        "REVIEW_AFTER_MONTHS": _int(env, "REVIEW_AFTER_MONTHS", 12),
        "NOTIFICATION_RETENTION_MONTHS": _int(env, "NOTIFICATION_RETENTION_MONTHS", 12),
        "SENT_EMAIL_RETENTION_DAYS": _int(env, "SENT_EMAIL_RETENTION_DAYS", 90),
        "SESSION_IDLE_HOURS": _int(env, "SESSION_IDLE_HOURS", 8),
        "SESSION_ABSOLUTE_DAYS": _int(env, "SESSION_ABSOLUTE_DAYS", 30),
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "HTTPS": https,
        "TRUSTED_PROXY_COUNT": _int(env, "TRUSTED_PROXY_COUNT", 0),
        "SIGN_IN_LIMIT_PER_IP": env.get("SIGN_IN_LIMIT_PER_IP") or "50 per 15 minutes",
        "SIGN_IN_FREE_FAILURES": _int(env, "SIGN_IN_FREE_FAILURES", 5),
        "SIGN_IN_MAX_WAIT_SECONDS": _int(env, "SIGN_IN_MAX_WAIT_SECONDS", 900),
        "SIGN_IN_LOCK_FAILURES": _int(env, "SIGN_IN_LOCK_FAILURES", 100),
        "REGISTER_LIMIT_PER_IP": env.get("REGISTER_LIMIT_PER_IP") or "10 per hour",
        "FORGOT_PASSWORD_LIMIT_PER_IP": env.get("FORGOT_PASSWORD_LIMIT_PER_IP") or "10 per hour",
        "RESEND_CONFIRMATION_LIMIT_PER_IP": env.get("RESEND_CONFIRMATION_LIMIT_PER_IP") or "10 per hour",
        # Preview and posting, per person: rendering what people write costs the server time.
        "WRITING_LIMIT_PER_PERSON": env.get("WRITING_LIMIT_PER_PERSON") or "20 per minute;200 per hour",
        # Attached files: the largest accepted, and where their bytes live ("local" disk or the "database").
        "UPLOAD_MAX_MB": _int(env, "UPLOAD_MAX_MB", 20),
        "UPLOAD_STORAGE": _storage(env.get("UPLOAD_STORAGE")),
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or str(instance / "uploads"),
        # /healthz answers 503 when no `flask worker` has beaten for this long; off in the demo (no worker runs).
        "WORKER_SILENT_AFTER": _int(env, "WORKER_SILENT_AFTER", 300),
        "WORKER_REQUIRED": _bool(env.get("WORKER_REQUIRED"), default=not demo),
        # "Download my data": above this many records the worker prepares the zip; its link lasts this many days.
        "EXPORT_INLINE_MAX_RECORDS": _int(env, "EXPORT_INLINE_MAX_RECORDS", 2000),
        "EXPORT_LINK_DAYS": _int(env, "EXPORT_LINK_DAYS", 7),
    }


def operations_settings(env: dict) -> dict:
    """Request logs and /metrics: the log format, and who may read the metrics."""
    log_format = (env.get("LOG_FORMAT") or "text").strip().lower()
    if log_format not in ("text", "json"):
        raise ConfigError(f"LOG_FORMAT must be text or json, not {env.get('LOG_FORMAT')!r}")
    allow = _list(env.get("METRICS_ALLOW"))
    for item in allow:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise ConfigError(f"METRICS_ALLOW must list IP addresses or networks (10.0.0.0/8), not {item!r}") from exc
    return {"LOG_FORMAT": log_format, "METRICS_TOKEN": env.get("METRICS_TOKEN", "").strip(), "METRICS_ALLOW": allow}


def _storage(value: str | None) -> str:
    choice = (value or "local").strip().lower()
    if choice not in ("local", "database"):
        raise ConfigError(f"UPLOAD_STORAGE must be local or database, not {value!r}")
    return choice


BASE = {
    # hide_parameters: a database error in the log never carries the values of a query (what someone wrote).
    # No pool_pre_ping (a round trip before every page): on PostgreSQL a connection idle in the pool for
    # DATABASE_PING_AFTER seconds is pinged instead, and any is renewed after an hour (see database.py).
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 3600, "hide_parameters": True},
    "DATABASE_PING_AFTER": 10,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 14,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "RATELIMIT_HEADERS_ENABLED": True,
    "TIMEZONE": "Europe/London",
    "SITE_NAME": "SDS Champions Hub",
    # Defaults for settings the environment may override (tests use these).
    "ANSWER_TARGET_WORKING_DAYS": 5,
    "REVIEW_AFTER_MONTHS": 12,
    "NOTIFICATION_RETENTION_MONTHS": 12,
    "SENT_EMAIL_RETENTION_DAYS": 90,
    "WORKER_SILENT_AFTER": 300,
    "WORKER_REQUIRED": True,
    "EXPORT_INLINE_MAX_RECORDS": 2000,
    "EXPORT_LINK_DAYS": 7,
}


def test_config(tmp_path: str, database_url: str | None = None) -> dict:
    """Settings for the test suite: a fresh database and search index per test."""
    tmp = Path(tmp_path)
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DEMO": False,
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp / 'test.db'}",
        "SQLITE_SYNCHRONOUS": "OFF",  # a throwaway database: no need to wait for the disk
        "SEARCH_BACKEND": "whoosh",
        "SEARCH_INDEX_DIR": str(tmp / "search-index"),
        "SEARCH_SYNC": True,
        "SEARCH_APPLY_IN_WEB": True,
        "SEARCH_SEMANTIC": True,
        "MAIL_SERVER": "",
        "MAIL_PORT": 25,
        "MAIL_USE_STARTTLS": False,
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_DEFAULT_SENDER": "SDS Champions Hub <no-reply@example.org>",
        "MAIL_DIR": str(tmp / "mail"),
        "MAIL_CONSOLE": False,
        "ALLOWED_STAFF_DOMAINS": ["example.org", "council.example.gov.uk"],
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": False,
        "SERVER_BASE_URL": "http://localhost",
        "INDUCTION_DUE_DAYS": 28,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # Still scrypt, at 1/32 of the cost: the suite hashes hundreds of passwords (demo accounts, sign-ups).
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "PREFERRED_URL_SCHEME": "http",
        "HTTPS": False,
        "UPLOAD_MAX_MB": 20,
        "UPLOAD_STORAGE": "local",
        "UPLOAD_DIR": str(tmp / "uploads"),
        "WORKER_REQUIRED": False,
    } | sign_in_settings({}) | operations_settings({})


test_config.__test__ = False  # not a pytest test, despite its name
