"""Expected answers for the moderation queue."""
from champions.extensions import db
from tests import factories
from tests import factories_questions as fq

CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS_POST = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 302, "admin": 302}


def cases(app):
    q = fq.question(factories.user("practitioner"), title="A question someone reported to the champions")
    flag = fq.flag("question", q.id)
    db.session.commit()
    return [
        ("moderation.queue", "GET", "/moderation/", CHAMPIONS),
        ("moderation.dismiss", "POST", f"/moderation/flags/{flag.id}/dismiss", CHAMPIONS_POST),
        ("moderation.hide", "GET", f"/moderation/flags/{flag.id}/hide", CHAMPIONS),
        ("moderation.hide", "POST", f"/moderation/flags/{flag.id}/hide", CHAMPIONS),
        ("moderation.redact", "GET", f"/moderation/redact/question/{q.id}", CHAMPIONS),
        ("moderation.redact", "POST", f"/moderation/redact/question/{q.id}", CHAMPIONS),
    ]
