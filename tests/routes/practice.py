"""Expected answers for the practice examples blueprint."""
from champions.extensions import db
from tests import factories
from tests import factories_practice as fp

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
STAFF = {"anonymous": 302, "practitioner": 200, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
# A published, staff-only example: partners may not see it at all.
STAFF_READ = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
# Someone else's draft: nobody sees it, not even champions (it is not yet confirmed anonymised).
OTHERS_DRAFT = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}
# Someone else's example submitted for review: champions see it.
OTHERS_SUBMITTED = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 200, "admin": 200}
# Champion-only actions on a published example (refusals redirect back with a message).
CHAMPION_POST = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 302}


def cases(app):
    published = fp.example(title="Route published")
    draft = fp.example(title="Route draft", status="draft")
    submitted = fp.example(title="Route submitted", status="submitted")
    question = fp.question()
    published.questions.append(question)
    factories.user("champion")
    db.session.commit()
    p, d, s = published.id, draft.id, submitted.id
    return [
        ("practice.index", "GET", "/practice/", SIGNED_IN),
        ("practice.mine", "GET", "/practice/mine", STAFF),
        ("practice.new", "GET", "/practice/new", STAFF),
        ("practice.new", "POST", "/practice/new", STAFF),
        ("practice.review_queue", "GET", "/practice/review", CHAMPIONS),
        ("practice.due", "GET", "/practice/due", CHAMPIONS),
        ("practice.detail", "GET", f"/practice/{p}", STAFF_READ),
        ("practice.detail", "GET", f"/practice/{d}", OTHERS_DRAFT),
        ("practice.detail", "GET", f"/practice/{s}", OTHERS_SUBMITTED),
        ("practice.edit", "GET", f"/practice/{p}/edit", {**STAFF_READ, "practitioner": 403}),
        ("practice.edit", "POST", f"/practice/{d}/edit", OTHERS_DRAFT),
        ("practice.edit", "POST", f"/practice/{s}/edit", OTHERS_SUBMITTED),
        ("practice.history", "GET", f"/practice/{p}/history", {**STAFF_READ, "practitioner": 403}),
        ("practice.history", "GET", f"/practice/{d}/history", OTHERS_DRAFT),
        ("practice.submit", "POST", f"/practice/{d}/submit", OTHERS_DRAFT),
        ("practice.submit", "POST", f"/practice/{s}/submit", {**OTHERS_SUBMITTED, "champion": 403, "admin": 403}),
        ("practice.publish", "POST", f"/practice/{d}/publish", OTHERS_DRAFT),
        ("practice.publish", "POST", f"/practice/{p}/publish", CHAMPION_POST),  # refused: already published
        ("practice.return_example", "POST", f"/practice/{s}/return", {**OTHERS_SUBMITTED, "champion": 400, "admin": 400}),  # no comment: shown again
        ("practice.archive", "POST", f"/practice/{d}/archive", OTHERS_DRAFT),
        ("practice.archive", "POST", f"/practice/{s}/archive", {**OTHERS_SUBMITTED, "champion": 302, "admin": 302}),
        ("practice.restore", "POST", f"/practice/{p}/restore", CHAMPION_POST),
        ("practice.confirm_review", "POST", f"/practice/{p}/confirm-review", CHAMPION_POST),
        ("practice.link_question", "POST", f"/practice/{p}/questions", {**CHAMPION_POST, "champion": 400, "admin": 400}),
        ("practice.unlink_question", "POST", f"/practice/{d}/questions/{question.id}/remove", OTHERS_DRAFT),
        ("practice.unlink_question", "POST", f"/practice/{s}/questions/{question.id}/remove",
         {**OTHERS_SUBMITTED, "champion": 302, "admin": 302}),
    ]
