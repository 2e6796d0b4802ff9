"""An endorsement does not survive its answer being rewritten by someone who cannot endorse."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.notifications.models import Notification
from champions.revisions import Revision
from champions.timeutil import utcnow
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

TITLE = "Can a family member be paid as a PA under option 1?"
WITHDRAWN = "Because you changed it, the endorsement is withdrawn until a champion looks at it again"


def _endorsed_answer(champion=None, body="Yes, in exceptional circumstances."):
    champion = champion or factories.user("champion")
    author = factories.user("practitioner")
    answer = fq.answer(fq.question(title=TITLE), author, body=body)
    answer.endorsed_by_id, answer.endorsed_at = champion.id, utcnow()
    db.session.commit()
    return answer, author, champion


def _notes(kind="endorsed_answer_changed"):
    return db.session.scalars(select(Notification).where(Notification.kind == kind)).all()


def test_author_rewriting_an_endorsed_answer_withdraws_the_endorsement(client, login_as):
    answer, author, champion = _endorsed_answer()
    login_as(author)
    page = client.get(f"/questions/answers/{answer.id}/edit").get_data(as_text=True)
    assert "If you change it, the endorsement is withdrawn" in page  # told before saving
    response = client.post(f"/questions/answers/{answer.id}/edit", data={"body": "No, never."})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answer was endorsed by SDS Champions." in page and WITHDRAWN in page
    assert "Endorsed by SDS Champions" not in page and "No, never." in page
    db.session.refresh(answer)
    assert answer.endorsed_by_id is None and answer.endorsed_at is None and answer.body == "No, never."
    # The withdrawal is on the record, with who had endorsed it.
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.endorsement_withdrawn"))
    assert event.actor_id == author.id and event.target_id == answer.id
    assert event.before["endorsed_by_id"] == champion.id and event.after == {"endorsed": False}
    # The champion who endorsed it is asked to look again.
    [note] = _notes()
    assert note.user_id == champion.id and note.url == f"/questions/{answer.question_id}#answer-{answer.id}"
    assert note.title == f"{author.display_name} changed an answer you endorsed, so it needs another look: {TITLE}"
    # The edit history is kept as before.
    bodies = db.session.scalars(select(Revision.body).where(Revision.content_type == "answer",
                                                            Revision.object_id == answer.id).order_by(Revision.id)).all()
    assert bodies == ["Yes, in exceptional circumstances.", "No, never."]


def test_a_champion_editing_an_endorsed_answer_keeps_the_endorsement(client, login_as):
    answer, _, champion = _endorsed_answer()
    login_as("champion")
    page = client.get(f"/questions/answers/{answer.id}/edit").get_data(as_text=True)
    assert "the endorsement is withdrawn" not in page
    response = client.post(f"/questions/answers/{answer.id}/edit", data={"body": "Yes, with care."})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your changes have been saved." in page and WITHDRAWN not in page
    db.session.refresh(answer)
    assert answer.endorsed_by_id == champion.id and answer.body == "Yes, with care."
    assert _notes() == []


def test_a_change_of_spacing_only_keeps_the_endorsement(client, login_as):
    answer, author, champion = _endorsed_answer(body="Yes, in exceptional circumstances.")
    login_as(author)
    client.post(f"/questions/answers/{answer.id}/edit", data={"body": "Yes, in exceptional\r\ncircumstances.  "})
    db.session.refresh(answer)
    assert answer.endorsed_by_id == champion.id and _notes() == []


def test_editing_an_answer_that_is_not_endorsed_says_nothing_about_endorsement(client, login_as):
    author = factories.user("practitioner")
    answer = fq.answer(fq.question(title=TITLE), author, body="First version")
    db.session.commit()
    login_as(author)
    response = client.post(f"/questions/answers/{answer.id}/edit", data={"body": "Second version"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your changes have been saved." in page and "endorse" not in page.lower()
    assert _notes() == [] and db.session.scalar(select(AuditEvent)) is None


def test_champions_are_told_when_the_endorser_has_left(client, login_as):
    leaver = factories.user("champion", active=False)
    other = factories.user("champion")
    answer, author, _ = _endorsed_answer(leaver)
    login_as(author)
    client.post(f"/questions/answers/{answer.id}/edit", data={"body": "Something else entirely."})
    assert [n.user_id for n in _notes()] == [other.id]
    assert _notes()[0].title == f"{author.display_name} changed an endorsed answer, so it needs another look: {TITLE}"
