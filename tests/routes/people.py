"""Expected answers for the people blueprint (profiles)."""
from champions.extensions import db
from tests import factories, factories_questions


def cases(app):
    champion = factories.user("champion")
    question = factories_questions.question(visibility="staff")
    tag = factories_questions.tag("Routes tag")
    unconfirmed = factories.user("practitioner", email_confirmed_at=None)
    db.session.commit()
    everyone = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
    missing = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}
    redirect = {"anonymous": 302, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}
    asking = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
    return [
        ("people.suggest", "GET", "/people/suggest?q=ch", asking),
        ("people.followed", "GET", "/people/following", asking),
        ("people.follow_tag", "POST", f"/people/tags/{tag.id}/follow", redirect),
        # A question partners may not see is not found for them.
        ("people.save", "POST", f"/people/saved/question/{question.id}",
         {"anonymous": 302, "practitioner": 302, "partner": 404, "champion": 302, "admin": 302}),
        ("people.detail", "GET", f"/people/{champion.id}", everyone),
        # Someone who never confirmed their email has no profile.
        ("people.detail", "GET", f"/people/{unconfirmed.id}", missing),
    ]
