"""Demo organisations and accounts (password for all: sds-demo-2027).

The demo champion and administrator must pass a second step after their password, as in production:
their authenticator app is enrolled with DEMO_TOTP_SECRET (in the README; `make demo-code` prints the
current code). Never use this secret for a real account.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.auth import factors
from champions.auth.models import Organisation, Team, User
from champions.extensions import db
from champions.timeutil import utcnow

DEMO_PASSWORD = "sds-demo-2027"
DEMO_TOTP_SECRET = "SDSHUBDEMOKEYFORCHAMPIONSANDADMN"  # base32, as authenticator apps expect

ORGANISATIONS = [
    {"name": "Tayside Health and Social Care Partnership", "kind": "council",
     "description": "The council and NHS partnership that arranges adult social care.",
     "contact_email": "sds@example.org", "teams": ["North Locality Team", "South Locality Team"]},
    {"name": "Independent Support Tayside", "kind": "partner",
     "description": "An independent support organisation: free, impartial information and support for people choosing and using Self-directed Support, and for their families.",
     "contact_email": "hello@independent-support.example.org", "contact_phone": "01632 960123",
     "website": "https://independent-support.example.org", "teams": []},
    {"name": "Tayside Carers' Centre", "kind": "partner",
     "description": "Information, advice, short breaks and emotional support for unpaid carers.",
     "contact_email": "info@carers-centre.example.org", "contact_phone": "01632 960456",
     "website": "https://carers-centre.example.org", "teams": []},
]

# email, name, role, job title, organisation index, team name, days since joining
ACCOUNTS = [
    ("admin@example.org", "Alex Morgan", "admin", "Systems administrator", 0, None, 400),
    ("champion@example.org", "Chris Campbell", "champion", "Senior social worker and SDS Champion", 0, "North Locality Team", 900),
    ("practitioner@example.org", "Priya Shah", "practitioner", "Social worker", 0, "North Locality Team", 300),
    ("partner@example.org", "Pat Robertson", "partner", "Independent support worker", 1, None, 200),
    ("newstarter@example.org", "Nina Stewart", "practitioner", "Social work assistant", 0, "South Locality Team", 0),
]


def _organisation(spec: dict) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.name == spec["name"]))
    if org is None:
        org = Organisation(name=spec["name"], kind=spec["kind"], description=spec["description"],
                           contact_email=spec.get("contact_email", ""),
                           contact_phone=spec.get("contact_phone", ""), website=spec.get("website", ""))
        db.session.add(org)
        db.session.flush()
    for team_name in spec["teams"]:
        if not any(t.name == team_name for t in org.teams):
            db.session.add(Team(name=team_name, organisation=org))
    db.session.flush()
    return org


def ensure_user(email: str, name: str, role: str, job_title: str = "", organisation=None,
                team=None, days_ago: int = 0) -> User:
    """Create a demo account if it is missing; leave an existing one alone."""
    user = User.by_email(email)
    if user is not None:
        return user
    user = User(email=email, display_name=name, role=role, job_title=job_title, organisation=organisation,
                team=team, created_at=utcnow() - timedelta(days=days_ago),
                email_confirmed_at=utcnow() - timedelta(days=days_ago))
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    return user


def seed() -> None:
    """Create the demo organisations, teams and five accounts."""
    orgs = [_organisation(spec) for spec in ORGANISATIONS]
    for email, name, role, title, org_index, team_name, days in ACCOUNTS:
        org = orgs[org_index]
        team = next((t for t in org.teams if t.name == team_name), None)
        user = ensure_user(email, name, role, title, org, team, days)
        if role in ("champion", "admin") and factors.totp_for(user) is None:
            factors.enrol_totp(user, DEMO_TOTP_SECRET, step=0)
