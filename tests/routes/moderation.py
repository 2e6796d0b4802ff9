"""Expected answers for the moderation queue."""
from champions.extensions import db
from champions.moderation.models import GuardOverride
from tests import factories
from tests import factories_questions as fq

CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS_POST = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 302, "admin": 302}
ONCE_POST = {**CHAMPIONS_POST, "admin": 404}


def cases(app):
    q = fq.question(factories.user("practitioner"), title="A question someone reported to the champions")
    flag = fq.flag("question", q.id)
    held_q = fq.question(factories.user("practitioner"), title="A question held for a champion", held=True)
    held_item = GuardOverride(content_type="question", object_id=held_q.id, author_id=held_q.author_id, held=True,
                              findings="CHI number in Your question")
    override = GuardOverride(content_type="question", object_id=q.id, author_id=q.author_id,
                             findings="phone number in Details")
    db.session.add_all([held_item, override])
    db.session.commit()
    return [
        ("moderation.held_queue", "GET", "/moderation/held", CHAMPIONS),
        ("moderation.hide_held", "GET", f"/moderation/held/{held_item.id}/hide", CHAMPIONS),
        ("moderation.hide_held", "POST", f"/moderation/held/{held_item.id}/hide", CHAMPIONS),
        # The champion's POST releases it (or marks it checked); the admin after them finds it gone.
        ("moderation.release", "POST", f"/moderation/held/{held_item.id}/release", ONCE_POST),
        ("moderation.checked", "POST", f"/moderation/overrides/{override.id}/checked", ONCE_POST),
        ("moderation.queue", "GET", "/moderation/", CHAMPIONS),
        ("moderation.dismiss", "POST", f"/moderation/flags/{flag.id}/dismiss", CHAMPIONS_POST),
        ("moderation.hide", "GET", f"/moderation/flags/{flag.id}/hide", CHAMPIONS),
        ("moderation.hide", "POST", f"/moderation/flags/{flag.id}/hide", CHAMPIONS),
        ("moderation.redact", "GET", f"/moderation/redact/question/{q.id}", CHAMPIONS),
        ("moderation.redact", "POST", f"/moderation/redact/question/{q.id}", CHAMPIONS),
    ]
