"""Expected answers for the people blueprint (profiles)."""
from champions.extensions import db
from tests import factories


def cases(app):
    champion = factories.user("champion")
    unconfirmed = factories.user("practitioner", email_confirmed_at=None)
    db.session.commit()
    everyone = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
    missing = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}
    asking = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
    return [
        ("people.suggest", "GET", "/people/suggest?q=ch", asking),
        ("people.detail", "GET", f"/people/{champion.id}", everyone),
        # Someone who never confirmed their email has no profile.
        ("people.detail", "GET", f"/people/{unconfirmed.id}", missing),
    ]
