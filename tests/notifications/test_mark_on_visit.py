"""Issue 11: opening the page a notification links to marks it read (and the header count drops)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from tests import factories
from tests import factories_meetings as fm
from tests import factories_practice as fp
from tests import factories_questions as fq
from tests.factories_notifications import notification

pytestmark = pytest.mark.usefixtures("app")

BADGE = '<span class="count-badge">'


def _unread(person) -> list[str]:
    return list(db.session.scalars(select(Notification.url).where(
        Notification.user_id == person.id, Notification.read_at.is_(None)).order_by(Notification.url)))


def test_opening_the_answered_question_marks_its_notification_read(client, login_as):
    asker = factories.user("practitioner")
    q = fq.question(asker, title="Can we pay a neighbour as a personal assistant?")
    other = fq.question(asker, title="Who signs off an option 2 budget?")
    db.session.commit()
    login_as("practitioner")
    client.post(f"/questions/{q.id}/answers", data={"body": "Yes, with the council's agreement."})
    client.post(f"/questions/{other.id}/answers", data={"body": "The team leader."})

    login_as(asker)
    assert f'{BADGE}2<' in client.get("/").get_data(as_text=True)
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)  # the link was /questions/N#answer-M
    assert f'{BADGE}1<' in page  # the count on this very page already leaves it out
    assert _unread(asker) == [f"/questions/{other.id}#answer-{other.answers[0].id}"]


def test_meeting_and_practice_pages_mark_theirs_read_and_leave_others(client, login_as):
    person = login_as("practitioner")
    meeting, example = fm.meeting(), fp.example()
    db.session.commit()
    notification(person, url=f"/meetings/{meeting.id}", kind="meeting_published")
    notification(person, url=f"/practice/{example.id}", kind="practice_published")
    notification(person, url="/questions/12345#answer-1")
    notification(person, url=f"/meetings/{meeting.id}0")  # another meeting whose number starts the same
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}").status_code == 200
    assert client.get(f"/practice/{example.id}").status_code == 200
    assert _unread(person) == [f"/meetings/{meeting.id}0", "/questions/12345#answer-1"]


def test_someone_elses_notification_and_one_they_may_no_longer_see_stay_unread(client, login_as):
    q = fq.question()
    db.session.commit()
    someone = factories.user("practitioner")
    notification(someone, url=f"/questions/{q.id}")
    person = login_as("practitioner")
    notification(person, url=f"/questions/{q.id}", visibility="champions")  # e.g. hidden meanwhile
    db.session.commit()
    client.get(f"/questions/{q.id}")
    assert _unread(someone) == [f"/questions/{q.id}"] and _unread(person) == [f"/questions/{q.id}"]
