"""The insights page: each figure against a count made directly in the database, roles, filters, CSVs, cost."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from champions.extensions import db
from champions.insights import figures, panels
from champions.insights.panels import Figure, Filters, Panel, all_panels, register
from champions.insights.workdays import WorkingDays
from champions.questions.models import Question
from champions.timeutil import utcnow, working_days_between
from tests import factories
from tests import factories_meetings as meetings
from tests import factories_practice as practice
from tests import factories_questions as make

WINTER = "/insights/?start-day=1&start-month=12&start-year=2025&end-day=31&end-month=1&end-year=2026"


def at(y, m, d, hour=10) -> datetime:
    """A UTC timestamp (in winter, London time is UTC)."""
    return datetime(y, m, d, hour, tzinfo=timezone.utc)


def asked(when: datetime, **kwargs) -> Question:
    """A question asked at a given moment."""
    question = make.question(**kwargs)
    question.created_at = when
    db.session.flush()
    return question


def rows(client, key: str, query: str = "") -> list[list[str]]:
    """A figure's CSV as rows (the header first)."""
    response = client.get(f"/insights/{key}.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_working_days_skip_scottish_bank_holidays():
    days = WorkingDays(date(2025, 12, 1), date(2026, 1, 31))
    # Christmas Day and Boxing Day are a Thursday and a Friday; 1 and 2 January are Scottish bank holidays.
    assert days.between(date(2025, 12, 24), date(2025, 12, 29)) == 1
    assert days.between(date(2025, 12, 31), date(2026, 1, 5)) == 1
    for start in (date(2025, 12, 1), date(2025, 12, 20), date(2025, 12, 31)):
        for end in (date(2025, 12, 3), date(2026, 1, 2), date(2026, 1, 30)):
            assert days.between(start, end) == working_days_between(start, end)


def test_questions_per_month_match_the_database(client, login_as):
    for day in (2, 15, 31):
        asked(at(2025, 12, day))
    asked(at(2026, 1, 7))
    asked(at(2026, 1, 8), withdrawn=True)  # withdrawn: not counted
    asked(at(2025, 11, 30))  # before the period
    db.session.commit()
    login_as("champion")
    table = rows(client, "questions-per-month", WINTER.removeprefix("/insights/"))
    assert table == [["Month", "Questions asked"], ["December 2025", "3"], ["January 2026", "1"]]
    direct = db.session.scalar(select(func.count(Question.id)).where(
        Question.created_at >= at(2025, 12, 1, 0), Question.created_at < at(2026, 2, 1, 0),
        Question.withdrawn.is_(False)))
    assert direct == 4
    page = client.get(WINTER).get_data(as_text=True)
    assert "4 questions asked in the period." in page and "<svg" in page


def test_time_to_first_champion_answer_counts_working_days(app, client, login_as):
    champion = factories.user("champion", display_name="Ailsa Champion")
    practitioner = factories.user("practitioner")
    # Over Christmas: 1 working day, not 3 weekdays.
    q1 = asked(at(2025, 12, 24))
    make.answer(q1, author=practitioner, created_at=at(2025, 12, 24, 12))  # not a champion: does not count
    make.answer(q1, author=champion, created_at=at(2025, 12, 29))
    # Over New Year: 1 working day.
    q2 = asked(at(2025, 12, 31))
    make.answer(q2, author=champion, created_at=at(2026, 1, 5))
    # Seven working days: over the target of five.
    q3 = asked(at(2026, 1, 5))
    make.answer(q3, author=champion, created_at=at(2026, 1, 14))
    # Never answered, long past the target: counts against the share.
    asked(at(2026, 1, 6))
    db.session.commit()
    login_as("champion")
    page = client.get(WINTER).get_data(as_text=True)
    assert "3 of 4 questions asked in the period have a champion answer." in page
    assert "Median time to the first champion answer: 1 working days." in page
    assert "50% answered within the target of 5 working days (2 of 4;" in page
    table = dict(map(tuple, rows(client, "first-answer", WINTER.removeprefix("/insights/"))[1:]))
    assert table["1 working day"] == "2" and table["6 to 10 working days"] == "1" and table["Still waiting"] == "1"
    app.config["ANSWER_TARGET_WORKING_DAYS"] = 7
    try:
        assert "75% answered within the target of 7 working days" in client.get(WINTER).get_data(as_text=True)
    finally:
        app.config["ANSWER_TARGET_WORKING_DAYS"] = 5


def test_queue_by_age_and_answers_per_champion(client, login_as):
    champion = factories.user("champion", display_name="Zoe Zed")
    factories.user("champion", display_name="Amy Able")  # no answers: still listed, alphabetically first
    now = utcnow()
    old = make.question(days_ago=60)
    make.question(days_ago=0)
    answered = make.question(days_ago=3)
    make.answer(answered, author=champion)
    make.question(days_ago=60, hidden=True)  # hidden: not in the queue
    db.session.commit()
    login_as("champion")
    queue = dict(map(tuple, rows(client, "queue")[1:]))
    assert queue["Up to 1 working day"] == "1" and queue["Over 20 working days"] == "1"
    assert sum(int(v) for v in queue.values()) == db.session.scalar(select(func.count(Question.id)).where(
        Question.has_champion_answer.is_(False), Question.hidden.is_(False)))
    answers = rows(client, "answers-per-champion")[1:]
    names = [r[0] for r in answers]
    assert names.index("Amy Able") < names.index("Zoe Zed")
    assert dict(map(tuple, answers))["Zoe Zed"] == "1" and dict(map(tuple, answers))["Amy Able"] == "0"
    assert old.created_at < now


def test_tags_most_asked_with_the_period_before(client, login_as):
    budgets, carers = make.tag("Budgets"), make.tag("Carers")
    for day in (3, 10, 17):
        asked(at(2025, 12, day), tags=[budgets])
    asked(at(2026, 1, 20), tags=[carers])
    asked(at(2025, 11, 1), tags=[carers])
    asked(at(2025, 10, 20), tags=[carers])  # the period before runs from 1 October 2025
    asked(at(2025, 9, 1), tags=[carers])  # before that: not counted
    db.session.commit()
    login_as("admin")
    table = rows(client, "tags", WINTER.removeprefix("/insights/"))
    assert table[1] == ["Budgets", "3", "0", "Rising"]
    assert table[2] == ["Carers", "1", "2", "Falling"]


def test_practice_by_standard_lists_the_gaps(client, login_as):
    covered = practice.tag("standard", "Risk enablement")
    practice.tag("standard", "Worker Autonomy")
    option = practice.tag("option", "Option 1: direct payment")
    practice.example(tags=[covered, option])
    practice.example(status="draft", tags=[covered])  # a draft does not count
    db.session.commit()
    login_as("champion")
    table = {r[0]: r[1] for r in rows(client, "practice")[1:]}
    assert table["Risk enablement"] == "1" and table["Worker Autonomy"] == "0" and table["Option 1: direct payment"] == "1"
    page = client.get("/insights/").get_data(as_text=True)
    assert "Standards with no published practice example: Worker Autonomy." in page


def test_meeting_actions_open_overdue_done(client, login_as):
    today = meetings.today()
    meetings.action(due_on=today + timedelta(days=3))
    meetings.action(due_on=today - timedelta(days=3))
    meetings.action(due_on=today - timedelta(days=3), status="done", done_on=today)
    meetings.action(meeting_=meetings.meeting(status="draft"), due_on=today - timedelta(days=1))  # draft meeting
    db.session.commit()
    login_as("champion")
    assert rows(client, "actions")[1:] == [["Open, not yet due", "1"], ["Open and overdue", "1"],
                                           ["Done in the period", "1"]]


def test_induction_by_team_matches_the_induction_report(client, login_as):
    from champions.induction.report import report_rows
    from tests import factories_induction as induction

    induction.module(lessons=1)
    org = factories.organisation("Tayside HSCP")
    north = factories.team("North", org)
    for n in range(3):
        factories.user(display_name=f"North {n}", organisation_=org, team=north)
    db.session.commit()
    login_as("champion")
    table = {r[0]: r[1:] for r in rows(client, "induction")[1:]}
    expected = sum(1 for r in report_rows(team_id=north.id))
    assert int(table["North"][1]) == expected == 3


def test_team_filter(client, login_as):
    org = factories.organisation("Fife HSCP")
    east = factories.team("East", org)
    mine = factories.user(team=east)
    asked(at(2025, 12, 5), author=mine)
    asked(at(2025, 12, 6))
    db.session.commit()
    login_as("champion")
    query = WINTER.removeprefix("/insights/") + f"&team={east.id}"
    assert rows(client, "questions-per-month", query)[1] == ["December 2025", "1"]
    page = client.get("/insights/" + query).get_data(as_text=True)
    assert "1 questions asked in the period." in page and f'<option selected value="{east.id}">' in page


def test_practitioners_and_partners_cannot_open_it(client, login_as):
    for role in ("practitioner", "partner"):
        login_as(role)
        assert client.get("/insights/").status_code == 403
        assert client.get("/insights/queue.csv").status_code == 403
        assert "/insights/" not in client.get("/").get_data(as_text=True)
    login_as("champion")
    assert 'href="/insights/"' in client.get("/").get_data(as_text=True)


def test_bad_dates_show_an_error_and_keep_the_input(client, login_as):
    login_as("champion")
    page = client.get("/insights/?start-day=31&start-month=2&start-year=2027").get_data(as_text=True)
    assert "There is a problem" in page and "Enter a real date" in page and 'value="31"' in page
    page = client.get("/insights/?start=3+March+2027&end=1+March+2027").get_data(as_text=True)
    assert "The end date must be the same as or after the start date" in page


def test_csv_cells_cannot_start_a_formula(client, login_as):
    factories.user("champion", display_name="=HYPERLINK(1)")
    db.session.commit()
    login_as("champion")
    assert ["'=HYPERLINK(1)", "0"] in rows(client, "answers-per-champion")


def test_the_page_costs_at_most_twenty_queries(client, login_as, count_queries):
    champion = factories.user("champion")
    for n in range(15):
        q = make.question(days_ago=n * 10, tags=[make.tag()])
        make.answer(q, author=champion)
    meetings.action()
    practice.example(tags=[practice.tag("standard")])
    db.session.commit()
    login_as("champion")
    client.get("/insights/")
    with count_queries() as counter:
        response = client.get("/insights/")
    assert response.status_code == 200
    assert counter.count <= 20, counter.statements


def test_a_feature_registers_a_figure():
    panel = Panel("test-figure", "A registered figure", "Registered by a test.",
                  lambda f: Figure(("Thing", "Count"), [("Workshops", 2)]), order=999)
    register(panel)
    try:
        assert all_panels()[-1] is panel
        with pytest.raises(RuntimeError):
            register(Panel("test-figure", "Another", "", lambda f: None))
    finally:
        panels._PANELS.pop("test-figure")
    assert figures.default_period(date(2027, 3, 3)) == (date(2026, 4, 1), date(2027, 3, 3))
    assert Filters(date(2027, 1, 1), date(2027, 1, 1)).team_id is None
