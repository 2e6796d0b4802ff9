"""Small explicit factories: make users and content in one line. They add and flush, never commit."""
from __future__ import annotations

import itertools

from werkzeug.security import generate_password_hash

from champions.auth.models import Organisation, Team, User
from champions.config import test_config
from champions.extensions import db
from champions.timeutil import utcnow

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)
_HASHES: dict[str, str] = {}  # scrypt is deliberately slow: hash each test password once


def _hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = generate_password_hash(password, method=test_config("")["PASSWORD_HASH_METHOD"])
    return _HASHES[password]


def organisation(name: str | None = None, kind: str = "council", **kwargs) -> Organisation:
    """An organisation (kind 'council' or 'partner')."""
    org = Organisation(name=name or f"Organisation {next(_seq)}", kind=kind, **kwargs)
    db.session.add(org)
    db.session.flush()
    return org


def team(name: str = "North Team", org: Organisation | None = None) -> Team:
    """A team in an organisation."""
    item = Team(name=name, organisation=org or organisation())
    db.session.add(item)
    db.session.flush()
    return item


def user(role: str = "practitioner", email: str | None = None, password: str = PASSWORD,
         organisation_: Organisation | None = None, **kwargs) -> User:
    """A confirmed, active user; partners get a partner organisation unless one is given."""
    n = next(_seq)
    if organisation_ is None and role == "partner":
        organisation_ = organisation(f"Partner Organisation {n}", kind="partner")
    person = User(
        email=email or f"{role}{n}@example.org",
        display_name=kwargs.pop("display_name", f"{role.title()} {n}"),
        role=role,
        organisation=organisation_,
        email_confirmed_at=kwargs.pop("email_confirmed_at", utcnow()),
        **kwargs,
    )
    person.password_hash = _hash(password)
    db.session.add(person)
    db.session.flush()
    return person
