"""Meetings in a real browser: a champion builds and publishes notes, a practitioner reads them; axe-core."""
from __future__ import annotations

from champions.extensions import db
from champions.timeutil import to_local, utcnow
from playwright.sync_api import expect

FLAGGED_TITLE = "Browser journey: can a PA be paid for holiday cover?"


def _flagged_question(live_app) -> int:
    """A question flagged for the next meeting (made here so the journey does not depend on demo questions)."""
    from champions.auth.models import User
    from champions.questions.models import Question

    with live_app.app_context():
        author = User.by_email("practitioner@example.org")
        question = Question(title=FLAGGED_TITLE, body="Asking for a colleague's team.", visibility="staff",
                            author_id=author.id, flagged_for_meeting=True)
        db.session.add(question)
        db.session.commit()
        return question.id


def test_champion_builds_and_publishes_notes_practitioner_reads_them(page, browser, live_server, live_app,
                                                                        sign_in, assert_accessible):
    question_id = _flagged_question(live_app)
    # Today at 8am: the next meeting by date (before the demo's next one), so the flagged question is offered.
    day = to_local(utcnow()).date()
    sign_in(page, "champion@example.org")

    page.goto("/meetings/new")
    page.get_by_role("button", name="Save the meeting").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter the date of the meeting")
    assert_accessible(page)

    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("8:00")
    page.get_by_label("End time").fill("7.30")
    page.get_by_label("Place").fill("Room 2, Pullar House")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".error-summary")).to_contain_text("The end time must be after the start time")
    assert page.get_by_label("Place").input_value() == "Room 2, Pullar House"
    assert date.get_by_label("Year").input_value() == str(day.year)
    assert page.get_by_label("Start time").input_value() == "08:00"  # on the 24-hour clock
    page.get_by_label("End time").fill("9:30")
    page.get_by_label("Chris Campbell (SDS Champion)").first.check()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("Meeting saved as a draft")).to_be_visible()

    page.get_by_role("button", name=f"Add to agenda: {FLAGGED_TITLE}").click()
    expect(page.get_by_text(f"Added to the agenda: {FLAGGED_TITLE}")).to_be_visible()
    page.get_by_role("link", name=f"Write notes for {FLAGGED_TITLE}").click()
    page.get_by_label("Notes").fill("Holiday pay is part of a PA's employment: budget for it in the plan.")
    page.get_by_label("Decisions").fill("Add a line about holiday pay to the direct payment guidance.")
    page.get_by_role("button", name="Save the notes").click()
    expect(page.get_by_text("Notes saved for")).to_be_visible()

    page.get_by_role("link", name="See the meeting as readers will").click()
    expect(page.get_by_role("link", name="Add an action")).to_be_visible()
    meeting_url = page.url
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What needs doing").fill("Draft the holiday pay paragraph for the guidance")
    page.get_by_label("Owner").select_option(label="Chris Campbell (SDS Champion)")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    page.get_by_role("button", name="Publish the notes").click()
    expect(page.get_by_text("Published. Everyone who can read them")).to_be_visible()
    assert_accessible(page)

    reader = browser.new_context(base_url=live_server).new_page()
    sign_in(reader, "practitioner@example.org", meeting_url)
    expect(reader.get_by_text("Holiday pay is part of a PA's employment")).to_be_visible()
    expect(reader.get_by_text("Draft the holiday pay paragraph")).to_be_visible()
    expect(reader.get_by_role("button", name="Publish the notes")).to_have_count(0)
    expect(reader.get_by_role("link", name="Build the agenda and write notes")).to_have_count(0)
    reader.goto(f"/questions/{question_id}")
    link = reader.get_by_role("link", name=f"SDS Champions' meeting, {day.day} {day.strftime('%B %Y')}")
    expect(link).to_be_visible()
    link.click()
    assert reader.url == meeting_url
    reader.context.close()


def test_meetings_list_meeting_and_actions_tracker_are_accessible(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/meetings/")
    expect(page.get_by_role("heading", name="Past meetings")).to_be_visible()
    assert_accessible(page)
    page.locator(".meeting-list a").first.click()
    expect(page.get_by_role("heading", name="Agenda and notes")).to_be_visible()
    assert_accessible(page)
    page.goto("/meetings/actions?tab=overdue")
    expect(page.get_by_text("Overdue", exact=True).first).to_be_visible()
    assert_accessible(page)
    page.goto("/meetings/actions?tab=open")
    assert_accessible(page)
