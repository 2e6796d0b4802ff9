"""Expected answers for the organisation pages."""
from champions.extensions import db
from tests import factories

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def cases(app):
    org = factories.organisation("Route partner org", kind="partner")
    council = factories.organisation("Route council", kind="council")
    db.session.commit()
    return [
        ("organisations.index", "GET", "/organisations/", SIGNED_IN),
        ("organisations.detail", "GET", f"/organisations/{org.id}", SIGNED_IN),
        ("organisations.detail", "GET", f"/organisations/{council.id}", {**SIGNED_IN, "partner": 404}),
    ]
