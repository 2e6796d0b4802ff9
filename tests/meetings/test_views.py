"""Meetings: who sees what (list, page, print, calendar, home page), and the pages as readers see them."""
from __future__ import annotations

from datetime import timedelta

import pytest

from champions.extensions import db
from tests import factories
from tests import factories_meetings as fm


@pytest.fixture
def meetings(app):
    """One published meeting at each visibility, a draft, and a future meeting shared with staff."""
    made = {
        "staff": fm.meeting(title="Staff meeting notes", visibility="staff", day=fm.today() - timedelta(days=40)),
        "partners": fm.meeting(title="Partners meeting notes", visibility="partners", day=fm.today() - timedelta(days=70)),
        "champions": fm.meeting(title="Champions-only meeting notes", visibility="champions", day=fm.today() - timedelta(days=10)),
        "draft": fm.meeting(title="Draft meeting notes", status="draft", visibility="partners", day=fm.today() - timedelta(days=3)),
        "next": fm.meeting(title="Next staff meeting", visibility="staff", day=fm.today() + timedelta(days=20)),
    }
    fm.agenda_item(made["staff"], "Finance update", notes="Direct payment **audit returns** are due.")
    db.session.commit()
    return made


SEES = {
    "practitioner": {"staff", "partners", "next"},
    "partner": {"partners"},
    "champion": {"staff", "partners", "champions", "draft", "next"},
    "admin": {"staff", "partners", "champions", "draft", "next"},
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_list_shows_only_what_each_role_may_see(client, login_as, meetings, role):
    login_as(role)
    page = client.get("/meetings/").get_data(as_text=True)
    for key, meeting in meetings.items():
        assert (meeting.title in page) == (key in SEES[role]), (role, key)


@pytest.mark.parametrize("role", sorted(SEES))
def test_meeting_pages_are_404_outside_visibility(client, login_as, meetings, role):
    login_as(role)
    for key, meeting in meetings.items():
        want = 200 if key in SEES[role] else 404
        for url in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/print", f"/meetings/{meeting.id}.ics"):
            assert client.get(url).status_code == want, (role, key, url)


def test_signed_out_people_are_sent_to_sign_in(client, meetings):
    response = client.get("/meetings/")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_practitioner_reads_notes_but_cannot_edit(client, login_as, meetings):
    login_as("practitioner")
    meeting = meetings["staff"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<strong>audit returns</strong>" in page
    assert "Build the agenda" not in page and "Publish the notes" not in page
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 403
    assert client.get(f"/meetings/{meeting.id}/agenda").status_code == 403
    assert client.post(f"/meetings/{meeting.id}/publish").status_code == 403
    assert client.get("/meetings/new").status_code == 403


def test_list_puts_next_meeting_first_then_archive_by_year(client, login_as, meetings):
    login_as("champion")
    page = client.get("/meetings/").get_data(as_text=True)
    assert page.index("Next staff meeting") < page.index("Past meetings") < page.index("Staff meeting notes")
    assert f"<h3 class=\"heading-m\">{meetings['staff'].date.year}</h3>" in page


def test_previous_and_next_links_skip_meetings_the_reader_cannot_see(client, login_as, meetings):
    login_as("practitioner")
    page = client.get(f"/meetings/{meetings['staff'].id}").get_data(as_text=True)
    assert "Previous: <a" in page and "Partners meeting notes" in page
    # The champions-only and draft meetings sit between staff and next: the practitioner skips them.
    assert "Next: <a" in page and "Next staff meeting" in page
    assert "Champions-only" not in page and "Draft meeting notes" not in page


def test_print_view_has_the_notes_and_no_buttons(client, login_as, meetings):
    login_as("champion")
    page = client.get(f"/meetings/{meetings['staff'].id}/print").get_data(as_text=True)
    assert "audit returns" in page and "Edit the notes" not in page and "Printed from SDS Champions Hub" in page
    assert "Print these notes" in client.get(f"/meetings/{meetings['staff'].id}").get_data(as_text=True)


@pytest.mark.parametrize("role,sees_next", [("practitioner", True), ("partner", False), ("champion", True)])
def test_home_panel_shows_the_next_meeting_to_those_who_may_see_it(client, login_as, meetings, role, sees_next):
    login_as(role)
    page = client.get("/").get_data(as_text=True)
    assert ("Next staff meeting" in page) == sees_next
    assert "Draft meeting notes" not in page or role == "champion"


def test_home_panel_lists_a_champions_open_actions(client, login_as, meetings):
    champion = login_as("champion")
    fm.action(meetings["staff"], owner=champion, what="Chase the carers' centre", due_on=fm.today() - timedelta(days=2))
    fm.action(meetings["staff"], owner=champion, what="Already finished", status="done")
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Your open actions" in page and "Chase the carers&#39; centre" in page and "Overdue" in page
    assert "Already finished" not in page


def test_question_page_partial_links_back_only_to_visible_meetings(app, client, login_as, meetings):
    from flask import render_template

    question = fm.question(title="Can a direct payment pay a neighbour?")
    fm.agenda_item(meetings["staff"], "Paying neighbours", questions=[question])
    fm.issue(meetings["champions"], questions=[question])
    db.session.commit()
    practitioner = login_as("practitioner")
    with app.test_request_context():
        from flask_login import login_user
        login_user(practitioner)
        html = render_template("meetings/_question_links.html", question=question)
    assert f"Discussed at the <a href=\"/meetings/{meetings['staff'].id}\">SDS Champions' meeting, " in html
    assert f"/meetings/{meetings['champions'].id}\"" not in html


def test_question_links_take_one_query(app, login_as, meetings, count_queries):
    from flask_login import login_user

    from champions.meetings.panels import meetings_for_question

    question = fm.question()
    fm.agenda_item(meetings["staff"], "Item", questions=[question])
    fm.agenda_item(meetings["partners"], "Item", questions=[question])
    db.session.commit()
    user = factories.user("practitioner")
    db.session.commit()
    with app.test_request_context():
        login_user(user)
        assert question.title  # the question page has the question loaded already
        with count_queries() as counter:
            found = meetings_for_question(question)
    assert [m.id for m in found] == [meetings["partners"].id, meetings["staff"].id]
    assert counter.count == 1


def test_no_empty_questions_heading_when_every_linked_question_is_hidden(client, login_as):
    """Readers who may not see a linked question see neither it nor an empty 'Questions discussed' heading."""
    hidden = fm.question(title="A question a champion has since hidden", hidden=True)
    meeting = fm.meeting()
    fm.agenda_item(meeting, "Paying neighbours", questions=[hidden])
    fm.issue(meeting, questions=[hidden])
    db.session.commit()
    login_as("practitioner")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "A question a champion has since hidden" not in page
    assert "Questions discussed" not in page
    assert "From:" not in page
    login_as("champion")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Questions discussed" in page and "A question a champion has since hidden" in page


def test_two_coming_meetings_are_listed_under_a_plural_heading(client, login_as):
    from datetime import timedelta as _td

    fm.meeting(day=fm.today() + _td(days=10))
    fm.meeting(day=fm.today() + _td(days=40))
    db.session.commit()
    login_as("practitioner")
    page = client.get("/meetings/").get_data(as_text=True)
    assert "Coming meetings" in page and "Next meeting" not in page


def test_meeting_notes_page_runs_a_fixed_number_of_queries(client, login_as, count_queries):
    """Twelve items, issues and actions cost no more queries than two."""
    def make_meeting(n):
        meeting = fm.meeting()
        for i in range(n):
            question = fm.question(title=f"Linked question number {i}")
            fm.agenda_item(meeting, f"Item {i}", questions=[question])
            fm.issue(meeting, questions=[question])
            fm.action(meeting, owner=factories.user("practitioner"))
        db.session.commit()
        return meeting.id

    small, large = make_meeting(2), make_meeting(12)
    login_as("practitioner")
    counts = []
    for meeting_id in (small, large):
        for path in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/print"):
            db.session.expunge_all()
            with count_queries() as counter:
                assert "Linked question number 1" in client.get(path).get_data(as_text=True)
            counts.append(counter.count)
    assert counts[:2] == counts[2:], counts
