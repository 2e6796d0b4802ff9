"""Expected answers for the resources blueprint."""
from champions.extensions import db
from tests import factories
from tests import factories_resources as fr

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
# Staff suggest resources; partners (with an organisation, as here) add their organisation's.
CREATORS = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
STAFF_READ = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
OTHERS_DRAFT = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}
OTHERS_SUBMITTED = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 200, "admin": 200}
CHAMPION_POST = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 302}


def cases(app):
    author = factories.user("practitioner")
    published = fr.resource(title="Route published")
    draft = fr.resource(author=author, status="draft")
    submitted = fr.resource(author=author, status="submitted")
    pdf = fr.attachment(published)
    db.session.commit()
    p, d, s = published.id, draft.id, submitted.id
    return [
        ("resources.index", "GET", "/resources/", SIGNED_IN),
        ("resources.mine", "GET", "/resources/mine", CREATORS),
        ("resources.new", "GET", "/resources/new", CREATORS),
        ("resources.new", "POST", "/resources/new", {**CREATORS, "practitioner": 400, "partner": 400, "champion": 400, "admin": 400}),
        ("resources.review_queue", "GET", "/resources/review", CHAMPIONS),
        ("resources.due", "GET", "/resources/due", CHAMPIONS),
        ("resources.detail", "GET", f"/resources/{p}", STAFF_READ),
        ("resources.detail", "GET", f"/resources/{d}", OTHERS_DRAFT),
        ("resources.detail", "GET", f"/resources/{s}", OTHERS_SUBMITTED),
        ("resources.edit", "GET", f"/resources/{p}/edit", {**STAFF_READ, "practitioner": 403}),
        ("resources.edit", "POST", f"/resources/{s}/edit", {**OTHERS_SUBMITTED, "champion": 400, "admin": 400}),
        ("resources.new_version", "GET", f"/resources/{p}/files/{pdf.id}/version", {**STAFF_READ, "practitioner": 403}),
        ("resources.new_version", "POST", f"/resources/{p}/files/{pdf.id}/version",
         {**STAFF_READ, "practitioner": 403, "champion": 400, "admin": 400}),
        ("resources.submit", "POST", f"/resources/{d}/submit", OTHERS_DRAFT),
        ("resources.publish", "POST", f"/resources/{d}/publish", OTHERS_DRAFT),
        ("resources.publish", "POST", f"/resources/{p}/publish", CHAMPION_POST),  # refused: already published
        ("resources.return_resource", "POST", f"/resources/{s}/return",
         {**OTHERS_SUBMITTED, "champion": 400, "admin": 400}),
        ("resources.archive", "POST", f"/resources/{d}/archive", OTHERS_DRAFT),
        ("resources.restore", "POST", f"/resources/{p}/restore", CHAMPION_POST),
        ("resources.confirm_review", "POST", f"/resources/{p}/confirm-review", CHAMPION_POST),
    ]
