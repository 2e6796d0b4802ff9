"""The agenda builder: suggestions from the forum, earlier actions and regular updates; order; notes; links."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from champions.extensions import db
from champions.meetings import agenda
from champions.meetings.models import AgendaItem, IssueIdentified
from tests import factories_meetings as fm


def _draft():
    return fm.meeting(day=fm.today() + timedelta(days=10), status="draft")


def test_flagged_and_long_waiting_questions_are_suggested(client, login_as):
    login_as("champion")
    meeting = _draft()
    flagged = fm.question(title="Flagged: can PAs be paid holiday pay?", flagged_for_meeting=True)
    waiting = fm.question(title="Waiting: charging for option 2?", days_ago=20)
    fresh = fm.question(title="Fresh question asked today")
    answered = fm.question(title="Answered by a champion", days_ago=20, has_champion_answer=True)
    hidden = fm.question(title="Hidden flagged question", flagged_for_meeting=True, hidden=True)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    assert flagged.title in page and waiting.title in page
    for title in (fresh.title, answered.title, hidden.title):
        assert title not in page

    response = client.post(f"/meetings/{meeting.id}/agenda/add", data={"kind": "flagged_question", "ref": flagged.id})
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert item.title == flagged.title and item.kind == "flagged_question" and item.questions == [flagged]
    page = client.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    assert "Add to agenda: " + flagged.title not in page  # no longer suggested once on an agenda


def test_awaiting_counts_working_days_not_calendar_days(app):
    now = datetime(2027, 4, 5, 12, tzinfo=timezone.utc)  # Monday 5 April 2027
    week = fm.question(title="Seven calendar days")
    week.created_at = now - timedelta(days=7)  # Monday 29 March: 5 working days since, not more
    oldest = fm.question(title="Eleven calendar days")
    oldest.created_at = now - timedelta(days=11)  # Thursday 25 March: Good Friday is a holiday, so 6
    db.session.flush()
    titles = [q.title for q in agenda.awaiting_questions(now=now)]
    assert titles == ["Eleven calendar days"]


def test_open_actions_from_earlier_meetings_and_standing_updates_are_suggested(client, login_as):
    login_as("champion")
    earlier = fm.meeting(day=fm.today() - timedelta(days=30))
    open_action = fm.action(earlier, what="Ask finance about the audit return deadline")
    fm.action(earlier, what="An action already done", status="done")
    meeting = _draft()
    finance = fm.standing_update("Finance update", description="Finance team")
    fm.standing_update("Retired update", active=False)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    assert open_action.what in page and "Finance update" in page
    assert "An action already done" not in page and "Retired update" not in page
    client.post(f"/meetings/{meeting.id}/agenda/add", data={"kind": "previous_action", "ref": open_action.id})
    client.post(f"/meetings/{meeting.id}/agenda/add", data={"kind": "standing_update", "ref": finance.id})
    items = db.session.scalars(select(AgendaItem).order_by(AgendaItem.position)).all()
    assert [(i.kind, i.position) for i in items] == [("previous_action", 1), ("standing_update", 2)]
    page = client.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    assert "Every regular update is on the agenda." in page


def test_unknown_suggestion_is_reported_not_a_crash(client, login_as):
    login_as("champion")
    meeting = _draft()
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/agenda/add", data={"kind": "flagged_question", "ref": "999"},
                           follow_redirects=True)
    assert "That suggestion is no longer available." in response.get_data(as_text=True)
    assert db.session.scalar(select(AgendaItem)) is None


def test_free_items_reorder_and_remove(client, login_as):
    login_as("champion")
    meeting = _draft()
    db.session.commit()
    for title in ("Welcome", "Good practice", "Any other business"):
        client.post(f"/meetings/{meeting.id}/agenda/free", data={"free_title": title})
    items = {i.title: i for i in db.session.scalars(select(AgendaItem))}
    client.post(f"/meetings/{meeting.id}/items/{items['Any other business'].id}/move/up")
    client.post(f"/meetings/{meeting.id}/items/{items['Welcome'].id}/move/up")  # already first: no change
    db.session.expire_all()
    assert [i.title for i in meeting.agenda] == ["Welcome", "Any other business", "Good practice"]
    client.post(f"/meetings/{meeting.id}/items/{items['Good practice'].id}/remove")
    db.session.expire_all()
    assert [i.title for i in meeting.agenda] == ["Welcome", "Any other business"]
    assert items["Good practice"].removed is True  # kept, not deleted
    page = client.post(f"/meetings/{meeting.id}/agenda/free", data={"free_title": ""}).get_data(as_text=True)
    assert "There is a problem" in page and "Enter a title for the new item" in page


def test_notes_are_rendered_once_and_checked_for_personal_data(client, login_as):
    login_as("champion")
    meeting = _draft()
    item = fm.agenda_item(meeting, "Carers' support")
    db.session.commit()
    url = f"/meetings/{meeting.id}/items/{item.id}"
    data = {"title": "Carers' support", "notes": "Ring Mrs Smith on 07700 900123 about her break.",
            "decisions": "Write to the carers' centre."}
    page = client.post(url, data=data).get_data(as_text=True)
    assert "This looks like it contains" in page and "07700 900123" in page  # kept in the textarea
    db.session.expire_all()
    assert item.notes == ""
    client.post(url, data={**data, "notes": "Short breaks: the **carers' centre** has new funding."})
    db.session.expire_all()
    assert "<strong>carers' centre</strong>" in item.notes_html or "<strong>carers&#x27; centre</strong>" in item.notes_html
    assert item.decisions_html.startswith("<p>Write to the carers")
    page = client.post(url, data={**data, "title": "x" * 201}).get_data(as_text=True)
    assert "Field cannot be longer than 200 characters" in page


def test_link_and_unlink_questions_by_number_or_link(client, login_as):
    login_as("champion")
    meeting = _draft()
    item = fm.agenda_item(meeting, "Questions from the forum")
    one, two = fm.question(title="First linked"), fm.question(title="Second linked")
    db.session.commit()
    url = f"/meetings/{meeting.id}/items/{item.id}/questions"
    client.post(url, data={"question": f"{one.id}, https://hub.example.org/questions/{two.id}#answer-3"})
    db.session.expire_all()
    assert {q.id for q in item.questions} == {one.id, two.id}
    page = client.post(url, data={"question": "not a question"}).get_data(as_text=True)
    assert "Enter question numbers" in page and 'value="not a question"' in page
    page = client.post(url, data={"question": "99999"}).get_data(as_text=True)
    assert "No question with the number 99999" in page
    client.post(f"/meetings/{meeting.id}/items/{item.id}/questions/{one.id}/unlink")
    db.session.expire_all()
    assert [q.id for q in item.questions] == [two.id]


def test_issues_identified_link_questions(client, login_as):
    login_as("champion")
    meeting = _draft()
    question = fm.question(title="Paying a family member as a PA")
    db.session.commit()
    page = client.post(f"/meetings/{meeting.id}/issues/new", data={"text": "", "questions": "abc"}).get_data(as_text=True)
    assert "Describe the issue" in page and "Enter question numbers" in page
    client.post(f"/meetings/{meeting.id}/issues/new",
                data={"text": "Guidance on paying family members is unclear", "questions": str(question.id)})
    issue = db.session.scalar(select(IssueIdentified))
    assert issue.questions == [question]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Guidance on paying family members is unclear" in page and "Paying a family member as a PA" in page
    client.post(f"/meetings/{meeting.id}/issues/{issue.id}/remove")
    assert "Guidance on paying family members" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_partner_cannot_reach_the_builder_of_a_meeting_they_cannot_see(client, login_as):
    login_as("partner")
    meeting = fm.meeting(day=date(2027, 1, 7), visibility="staff")
    item = fm.agenda_item(meeting)
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}/agenda").status_code == 404
    assert client.post(f"/meetings/{meeting.id}/items/{item.id}/remove").status_code == 404


def test_suggestion_seen_by_fewer_people_than_the_meeting_carries_a_warning(client, login_as):
    """A staff-only flagged question offered for a meeting shared with partners says who can see it now."""
    from champions.extensions import db as _db
    from tests import factories_meetings as _fm

    question = _fm.question(title="Staff-only question flagged for the meeting", flagged_for_meeting=True)
    meeting = _fm.meeting(day=_fm.today() + timedelta(days=10), visibility="partners", status="draft")  # the next one
    shared = _fm.question(title="Question already shared with partners", visibility="partners",
                          flagged_for_meeting=True)
    _db.session.commit()
    login_as("champion")
    page = client.get(f"/meetings/{meeting.id}/agenda").get_data(as_text=True)
    assert question.title in page and shared.title in page
    assert page.count("Check before adding:") == 1
    assert "only all staff can see this now" in page


def test_flagged_questions_go_to_the_next_meeting_by_date_not_to_a_later_draft(client, login_as):
    """A draft for a later month, arranged first, neither sees nor takes the flags of the next meeting."""
    login_as("champion")
    later = fm.meeting(day=fm.today() + timedelta(days=40), status="draft", title="Later meeting")
    fm.meeting(day=fm.today() - timedelta(days=3), status="draft", title="Meeting already held")
    following = fm.meeting(day=fm.today() + timedelta(days=12), status="draft", title="Next meeting")
    flagged = fm.question(title="Flagged: paying holiday pay to a PA", flagged_for_meeting=True)
    db.session.commit()
    page = client.get(f"/meetings/{later.id}/agenda").get_data(as_text=True)
    assert flagged.title not in page
    assert "suggested for the next meeting by date: " in page and "Next meeting" in page
    refused = client.post(f"/meetings/{later.id}/agenda/add", data={"kind": "flagged_question", "ref": flagged.id},
                          follow_redirects=True)
    assert "That suggestion is no longer available." in refused.get_data(as_text=True)
    assert db.session.scalar(select(AgendaItem)) is None

    page = client.get(f"/meetings/{following.id}/agenda").get_data(as_text=True)
    assert "Add to agenda: " + flagged.title in page
    client.post(f"/meetings/{following.id}/agenda/add", data={"kind": "flagged_question", "ref": flagged.id})
    assert db.session.scalar(select(AgendaItem)).meeting_id == following.id


def test_the_next_meeting_is_today_or_later_and_never_a_cancelled_one(app):
    fm.meeting(day=fm.today() - timedelta(days=1), status="draft")
    fm.meeting(day=fm.today() + timedelta(days=2), status="cancelled")
    today = fm.meeting(day=fm.today(), status="draft", title="Meeting today")
    fm.meeting(day=fm.today() + timedelta(days=5), status="draft")
    db.session.flush()
    assert agenda.next_meeting() == today
