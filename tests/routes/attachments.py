"""Expected answers for the attachments blueprint."""
from champions.extensions import db
from tests import factories
from tests import factories_practice as fp
from tests import factories_resources as fr

# A file on a published, staff-only resource: partners may not fetch it.
STAFF_READ = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
# Adding a file needs the right to edit the parent (champions here); partners cannot even read it.
EDITORS = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}


def cases(app):
    champion = factories.user("champion")
    resource = fr.resource(author=champion, title="Route resource")
    pdf = fr.attachment(resource, uploader=champion)
    other = fr.attachment(resource, uploader=champion)
    question = fp.question(visibility="staff")
    draft = fr.resource(author=champion, status="draft")
    hidden_file = fr.attachment(draft, uploader=champion)  # on someone else's draft: nobody else reads it
    db.session.commit()
    return [
        ("attachments.download", "GET", pdf.url, STAFF_READ),
        ("attachments.download", "GET", hidden_file.url,
         {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
        ("attachments.new", "GET", f"/attachments/resource/{resource.id}/new", EDITORS),
        ("attachments.new", "POST", f"/attachments/resource/{resource.id}/new",
         {**EDITORS, "champion": 400, "admin": 400}),  # no file chosen: the form again
        ("attachments.new", "GET", f"/attachments/question/{question.id}/new",
         {**EDITORS, "practitioner": 403}),
        ("attachments.new", "GET", f"/attachments/nonsense/{question.id}/new",
         {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
        ("attachments.remove", "GET", f"/attachments/{other.id}/remove", EDITORS),
        # The champion removes it; then it is hidden, and a second removal is refused.
        ("attachments.remove", "POST", f"/attachments/{other.id}/remove",
         {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 403}),
    ]
