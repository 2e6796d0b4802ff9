"""Meetings: creating and editing, and every kind of bad input (message shown, input kept, nothing saved)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.meetings.models import Meeting
from tests import factories
from tests import factories_meetings as fm
from tests.pages import date_box_tag, date_boxes, input_tag


def _form(date=None, **overrides):
    """The meeting form as posted, the date typed in its day, month and year boxes (a date or a tuple)."""
    day = fm.today() + timedelta(days=14)
    data = {**date_boxes("date", date if date is not None else day), "start_time": "10:00", "end_time": "12:00", "title": "",
            "place": "Room 2, Pullar House", "online_link": "", "visibility": "staff",
            "guests": "Sam Reid, Finance team\nJo Brown", "apologies_other": "Kim Lee"}
    data.update(overrides)
    return data


def test_champion_arranges_a_meeting_with_default_title_and_people(client, login_as):
    champion = login_as("champion")
    colleague = factories.user("practitioner", display_name="Priya Shah")
    absent = factories.user("champion", display_name="Morgan Absent")
    db.session.commit()
    response = client.post("/meetings/new", data=_form(attendees=[champion.id, colleague.id],
                                                     apology_members=[absent.id]))
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    day = fm.today() + timedelta(days=14)
    assert meeting.title == f"SDS Champions' meeting, {day.strftime('%B %Y')}"
    assert meeting.status == "draft" and meeting.created_by_id == champion.id
    assert meeting.local_start.hour == 10 and meeting.local_end.hour == 12
    assert {a.user_id for a in meeting.attendees} == {champion.id, colleague.id}
    assert [(g.name, g.organisation) for g in meeting.guests] == [("Sam Reid", "Finance team"), ("Jo Brown", "")]
    assert sorted(a.label for a in meeting.apologies) == ["Kim Lee", "Morgan Absent"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Sam Reid (Finance team)" in page and "Priya Shah" in page and "Draft" in page


def test_editing_keeps_attendees_that_stay(client, login_as):
    champion = login_as("champion")
    other = factories.user("champion")
    meeting = fm.meeting(status="draft", attendees=[champion, other])
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/edit", data=_form(title="Renamed", attendees=[champion.id]))
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.title == "Renamed" and [a.user_id for a in meeting.attendees] == [champion.id]
    form = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="Renamed"' in form


def test_changing_who_can_read_a_meeting_is_in_the_audit_log(client, login_as):
    from champions.audit import AuditEvent

    login_as("champion")
    meeting = fm.meeting(status="published", visibility="staff")
    db.session.commit()
    client.post(f"/meetings/{meeting.id}/edit", data=_form(title=meeting.title, visibility="partners"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.edit"))
    assert event is not None and event.before["visibility"] == "staff" and event.after["visibility"] == "partners"
    login_as("admin")
    page = client.get("/admin/audit?action=meeting.edit").text
    assert "Meeting edited" in page and "Staff and partners" in page


def test_end_before_start_is_an_error_and_input_is_kept(client, login_as):
    login_as("champion")
    page = client.post("/meetings/new", data=_form(start_time="14:00", end_time="13:00",
                                                 place="Kept place")).get_data(as_text=True)
    assert "There is a problem" in page and "The end time must be after the start time" in page
    assert 'value="Kept place"' in page
    assert db.session.scalar(select(Meeting)) is None


def test_missing_date_and_times_are_errors(client, login_as):
    login_as("champion")
    page = client.post("/meetings/new", data=_form(date=("", "", ""), start_time="", end_time="")).get_data(as_text=True)
    assert "Enter the date of the meeting" in page and "Enter the start time" in page and "Enter the end time" in page
    assert '<a href="#date-day">Enter the date of the meeting</a>' in page  # the summary links to the first box
    assert "Yes, the date is right" not in page  # only offered for a far-away date


def test_far_date_is_a_warning_the_person_can_confirm(client, login_as):
    login_as("champion")
    far = fm.today() - timedelta(days=400)
    page = client.post("/meetings/new", data=_form(date=far)).get_data(as_text=True)
    assert "The date is more than a year in the past" in page and "Yes, the date is right" in page
    assert db.session.scalar(select(Meeting)) is None
    future = fm.today() + timedelta(days=400)
    assert "more than a year in the future" in client.post("/meetings/new", data=_form(date=future)).get_data(as_text=True)
    assert client.post("/meetings/new", data=_form(date=far, confirm_date="y")).status_code == 302
    assert db.session.scalar(select(Meeting)).date == far


def test_too_long_fields_and_bad_link_are_errors(client, login_as):
    login_as("champion")
    page = client.post("/meetings/new", data=_form(title="t" * 201, place="p" * 301,
                                                 online_link="http://meet.example.org/abc",
                                                 guests="n" * 121)).get_data(as_text=True)
    assert "Field cannot be longer than 200 characters" in page
    assert "Field cannot be longer than 300 characters" in page
    assert "starting with https://" in page
    assert "120 characters or fewer" in page
    page = client.post("/meetings/new", data=_form(online_link="https://not a link")).get_data(as_text=True)
    assert "Enter a valid web address" in page
    assert db.session.scalar(select(Meeting)) is None


def test_good_online_link_is_saved(client, login_as):
    login_as("champion")
    client.post("/meetings/new", data=_form(online_link="https://teams.example.org/meet/123"))
    assert db.session.scalar(select(Meeting)).online_link == "https://teams.example.org/meet/123"


def test_missing_csrf_token_is_refused(client, login_as, csrf_enabled):
    login_as("champion")
    meeting = fm.meeting(status="draft")
    db.session.commit()
    assert client.post("/meetings/new", data=_form()).status_code == 400
    assert client.post(f"/meetings/{meeting.id}/publish").status_code == 400
    action = fm.action(meeting)
    db.session.commit()
    assert client.post(f"/meetings/actions/{action.id}/done").status_code == 400
    assert db.session.scalar(select(Meeting).where(Meeting.status == "published")) is None


def test_impossible_date_and_time_get_plain_messages(client, login_as):
    """31 February and 25:00 are named plainly, not with WTForms' defaults, and the form keeps them."""
    login_as("champion")
    response = client.post("/meetings/new", data={
        "title": "SDS Champions' meeting", **date_boxes("date", ("31", "2", "2027")), "start_time": "25:00",
        "end_time": "12:00", "visibility": "staff"})
    page = response.get_data(as_text=True)
    assert "Enter a real date for the meeting, for example 3 3 2027" in page
    assert "Enter a real time, for example 14:30" in page
    assert "Not a valid" not in page
    assert 'value="25:00"' in page and 'value="31"' in date_box_tag(page, "date", "day")
    assert "for example 20" not in page  # examples are written as the hints are: 3 3 2027, 14:30


def test_partner_without_a_shared_meeting_is_told_so_plainly(client, login_as):
    login_as("partner")
    page = client.get("/meetings/").get_data(as_text=True)
    assert "No upcoming meeting has been shared with you yet." in page


def test_a_date_typed_as_words_in_one_value_is_saved(client, login_as):
    """A script or an older form posting one value such as 'Wednesday 3 March 2027' is still read, day first."""
    login_as("champion")
    day = fm.today() + timedelta(days=20)
    typed = f"{day:%A} {day.day} {day:%B %Y}".upper()  # weekday, any case, extra spaces
    data = {k: v for k, v in _form(start_time="2:30pm", end_time="16.00").items() if not k.startswith("date-")}
    assert client.post("/meetings/new", data={**data, "date": f"  {typed} "}).status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.date == day
    assert (meeting.local_start.hour, meeting.local_start.minute, meeting.local_end.hour) == (14, 30, 16)


def test_3_march_2027_typed_saves_as_that_date(client, login_as):
    login_as("champion")
    response = client.post("/meetings/new", data=_form(date=("3", "3", "2027"), confirm_date="y"))
    assert response.status_code == 302
    assert db.session.scalar(select(Meeting)).date.isoformat() == "2027-03-03"


def test_impossible_typed_date_is_named_and_kept_as_typed(client, login_as):
    """31/02/2027 gets the plain message, only the day box is marked, and every box keeps what was typed."""
    login_as("champion")
    page = client.post("/meetings/new", data=_form(date=("31", "02", "2027"))).get_data(as_text=True)
    assert page.count("Enter a real date for the meeting, for example 3 3 2027") == 2  # summary and field
    assert '<a href="#date-day">Enter a real date' in page
    for part, typed in (("day", "31"), ("month", "02"), ("year", "2027")):
        tag = date_box_tag(page, "date", part)
        assert f'value="{typed}"' in tag and 'type="text"' in tag and 'inputmode="numeric"' in tag
        assert ("input--error" in tag) == (part == "day")
    assert "Yes, the date is right" not in page
    assert db.session.scalar(select(Meeting)) is None


def test_a_read_date_and_time_are_shown_back_as_typed_and_on_the_24_hour_clock(client, login_as):
    """When something else is wrong, the date boxes keep what was typed and 2pm comes back as 14:00."""
    login_as("champion")
    day = fm.today() + timedelta(days=20)
    page = client.post("/meetings/new", data=_form(date=(f"0{day.day}"[-2:], str(day.month), str(day.year)),
                                                 start_time="2pm", end_time="1pm")).get_data(as_text=True)
    assert "The end time must be after the start time" in page
    assert f'value="{f"0{day.day}"[-2:]}"' in date_box_tag(page, "date", "day")
    assert "input--error" not in date_box_tag(page, "date", "day")
    assert 'value="14:00"' in input_tag(page, "start_time")
    assert 'type="text"' in input_tag(page, "start_time")  # never the browser's 12-hour time picker


def test_a_weekday_that_does_not_match_the_date_is_named(client, login_as):
    """In a date posted as one value (a script, an older form)."""
    login_as("champion")
    data = {k: v for k, v in _form().items() if not k.startswith("date-")}
    page = client.post("/meetings/new", data={**data, "date": "Tuesday 3 March 2027"}).get_data(as_text=True)
    assert "3 March 2027 is a Wednesday. Check the date" in page
    assert db.session.scalar(select(Meeting)) is None


def test_an_unreadable_time_is_kept_as_typed(client, login_as):
    login_as("champion")
    page = client.post("/meetings/new", data=_form(start_time="half two")).get_data(as_text=True)
    assert "Enter a real time, for example 14:30" in page
    tag = input_tag(page, "start_time")
    assert 'value="half two"' in tag and 'type="text"' in tag


def test_a_missing_month_marks_only_the_month_box_and_a_five_digit_year_only_the_year(client, login_as):
    login_as("champion")
    page = client.post("/meetings/new", data=_form(date=("3", "", "2027"))).get_data(as_text=True)
    assert '<a href="#date-month">Date must include a month</a>' in page
    assert [part for part in ("day", "month", "year") if "input--error" in date_box_tag(page, "date", part)] == ["month"]
    page = client.post("/meetings/new", data=_form(date=("3", "3", "20277"))).get_data(as_text=True)
    assert '<a href="#date-year">Year must include 4 numbers</a>' in page
    assert 'value="20277"' in date_box_tag(page, "date", "year") and "input--error" in date_box_tag(page, "date", "year")
    assert "input--error" not in date_box_tag(page, "date", "day")
    assert db.session.scalar(select(Meeting)) is None


def test_letters_in_every_date_box_ask_for_a_real_date_not_only_a_four_digit_year(client, login_as):
    """The message must fit every box it marks: 'Year must include 4 numbers' does not explain a day of 'a'."""
    login_as("champion")
    page = client.post("/meetings/new", data=_form(date=("a", "b", "c"))).get_data(as_text=True)
    assert '<a href="#date-day">Enter a real date for the meeting, for example 3 3 2027</a>' in page
    assert "Year must include 4 numbers" not in page
    assert [part for part in ("day", "month", "year") if "input--error" in date_box_tag(page, "date", part)] == \
        ["day", "month", "year"]
    assert 'value="a"' in date_box_tag(page, "date", "day") and db.session.scalar(select(Meeting)) is None


def test_a_far_date_marks_all_three_boxes(client, login_as):
    """The whole date is questioned, not one part of it."""
    login_as("champion")
    page = client.post("/meetings/new", data=_form(date=fm.today() + timedelta(days=400))).get_data(as_text=True)
    assert '<a href="#date-day">The date is more than a year in the future' in page
    assert all("input--error" in date_box_tag(page, "date", part) for part in ("day", "month", "year"))


def test_editing_shows_the_saved_date_in_its_boxes_and_times_on_the_24_hour_clock(client, login_as):
    from datetime import date, time

    login_as("champion")
    meeting = fm.meeting(day=date(2027, 3, 3), status="draft", start=time(14, 30), end=time(16, 0))
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert [date_box_tag(page, "date", part).split('value="')[1].split('"')[0]
            for part in ("day", "month", "year")] == ["3", "3", "2027"]
    assert 'value="14:30"' in input_tag(page, "start_time") and 'value="16:00"' in input_tag(page, "end_time")
    assert 'type="date"' not in page and 'type="time"' not in page
