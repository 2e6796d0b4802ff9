"""Expected answers for the accuracy blueprint (the review queue and its outcomes)."""
from champions.extensions import db
from tests import factories
from tests import factories_questions as make

CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS_REDIRECT = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 302, "admin": 302}
CHAMPIONS_BAD_FORM = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
# Partners cannot read a staff question's answers at all: a 404 to them.
STAFF_ANSWER = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}
STAFF_ANSWER_POST = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 302}
STAFF_ANSWER_BAD_FORM = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}


def cases(app):
    """An endorsed answer to a staff question."""
    champion = factories.user("champion")
    question = make.question(visibility="staff")
    answer = make.answer(question, endorsed_by_id=champion.id)
    db.session.commit()
    a = answer.id
    return [
        ("accuracy.queue", "GET", "/accuracy/", CHAMPIONS),
        ("accuracy.confirm", "POST", f"/accuracy/answers/{a}/confirm", STAFF_ANSWER_POST),
        ("accuracy.confirm", "POST", "/accuracy/answers/999999/confirm",
         {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
        ("accuracy.out_of_date", "GET", f"/accuracy/answers/{a}/out-of-date", STAFF_ANSWER),
        # An empty reason: the form again, with the error.
        ("accuracy.out_of_date", "POST", f"/accuracy/answers/{a}/out-of-date", STAFF_ANSWER_BAD_FORM),
    ]
