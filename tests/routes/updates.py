"""Expected answers for partner updates, the feed and organisation pages."""
from champions.extensions import db
from tests import factories
from tests import factories_practice as fp

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
SIGNED_IN_POST = {"anonymous": 302, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}
POSTERS = {"anonymous": 302, "practitioner": 403, "partner": 200, "champion": 200, "admin": 200}
MODERATE = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 302, "admin": 302}


def cases(app):
    update = fp.update(title="Route update")
    hidden = fp.update(title="Route hidden", hidden=True, hidden_reason="Test")
    org = factories.organisation("Route partner org", kind="partner")
    council = factories.organisation("Route council", kind="council")
    db.session.commit()
    u, h = update.id, hidden.id
    hidden_read = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 200, "admin": 200}
    return [
        ("updates.index", "GET", "/updates/", SIGNED_IN),
        ("updates.detail", "GET", f"/updates/{u}", SIGNED_IN),
        ("updates.detail", "GET", f"/updates/{h}", hidden_read),
        ("updates.new", "GET", "/updates/new", POSTERS),
        ("updates.new", "POST", "/updates/new", POSTERS),
        ("updates.edit", "GET", f"/updates/{u}/edit", {**POSTERS, "partner": 403}),
        ("updates.edit", "POST", f"/updates/{u}/edit", {**POSTERS, "partner": 403}),
        ("updates.pin", "POST", f"/updates/{u}/pin", MODERATE),
        ("updates.unpin", "POST", f"/updates/{u}/unpin", MODERATE),
        ("updates.hide", "POST", f"/updates/{u}/hide", {**MODERATE, "champion": 200, "admin": 200}),
        ("updates.restore", "POST", f"/updates/{h}/restore", {**MODERATE, "practitioner": 404, "partner": 404}),
        ("updates.feed_settings", "GET", "/updates/feed", SIGNED_IN),
        ("updates.feed_create", "POST", "/updates/feed/new", SIGNED_IN),
        ("updates.feed_revoke", "POST", "/updates/feed/revoke", SIGNED_IN_POST),
        ("updates.digest_settings", "POST", "/updates/feed/digest", SIGNED_IN_POST),
        ("updates.feed", "GET", "/updates/feed/not-a-token.atom",
         {"anonymous": 404, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
        ("organisations.index", "GET", "/organisations/", SIGNED_IN),
        ("organisations.detail", "GET", f"/organisations/{org.id}", SIGNED_IN),
        ("organisations.detail", "GET", f"/organisations/{council.id}", {**SIGNED_IN, "partner": 404}),
    ]
