"""The induction report and CSV, reminders, the privacy of the learning log, and search."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.induction import progress
from champions.induction.cli import send_reminders
from champions.induction.models import Assignment, LessonProgress, ModuleCompletion, Reflection
from champions.search import index
from champions.timeutil import utcnow
from tests import factories
from tests import factories_induction as make


def _people():
    """Four assigned people: completed, in progress, not started and overdue, in two teams."""
    org = factories.organisation("Tayside HSCP")
    north, south = factories.team("North", org), factories.team("South", org)
    module = make.module(lessons=1)
    people = {}
    for name, team in (("Completed Person", north), ("Progress Person", north), ("New Person", south), ("Late Person", south)):
        people[name] = factories.user(display_name=name, organisation_=org, team=team)
    db.session.flush()
    c = people["Completed Person"]
    db.session.add(ModuleCompletion(user_id=c.id, module_id=module.id, module_version=1))
    db.session.add(LessonProgress(user_id=people["Progress Person"].id, lesson_id=module.lessons[0].id))
    late = db.session.scalar(select(Assignment).where(Assignment.user_id == people["Late Person"].id))
    late.due_on = progress.today() - timedelta(days=3)
    done = db.session.scalar(select(Assignment).where(Assignment.user_id == c.id))
    done.completed_at = utcnow()
    db.session.commit()
    return people, north, module


def test_report_shows_each_status_and_filters(client, login_as):
    people, north, _ = _people()
    login_as("champion")
    page = client.get("/induction/report").get_data(as_text=True)
    for name in people:
        assert name in page
    for label in ("Completed", "In progress", "Not started", "Overdue"):
        assert label in page
    page = client.get(f"/induction/report?team={north.id}").get_data(as_text=True)
    assert "Completed Person" in page and "Late Person" not in page
    page = client.get("/induction/report?status=overdue").get_data(as_text=True)
    assert "Late Person" in page and "New Person" not in page


def test_csv_matches_the_database(client, login_as):
    people, _, module = _people()
    login_as("champion")
    response = client.get("/induction/report.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_name = {r["Name"]: r for r in rows}
    assert by_name["Completed Person"]["Status"] == "Completed"
    assert by_name["Completed Person"]["Modules completed"] == "1"
    assert by_name["Progress Person"]["Status"] == "In progress"
    assert by_name["New Person"]["Status"] == "Not started"
    assert by_name["Late Person"]["Status"] == "Overdue"
    for person in people.values():
        assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == person.id))
        assert by_name[person.display_name]["Due date"] == f"{assignment.due_on.day} {assignment.due_on:%B %Y}"
    assert by_name["Completed Person"]["Completed date"] != "" and by_name["New Person"]["Completed date"] == ""
    assert len(rows) == db.session.query(Assignment).count()  # everyone assigned, the champion too
    filtered = client.get("/induction/report.csv?status=overdue").get_data(as_text=True)
    assert "Late Person" in filtered and "New Person" not in filtered


def test_csv_guards_against_formula_injection(client, login_as):
    factories.user(display_name="=HYPERLINK(\"http://evil\")")
    factories.user(display_name="@SUM(A1)")
    login_as("champion")
    text = client.get("/induction/report.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_earlier_version_noted_in_report(client, login_as):
    people, _, module = _people()
    module.version = 2
    db.session.commit()
    login_as("champion")
    page = client.get("/induction/report").get_data(as_text=True)
    assert "Completed an earlier version" in page and f"{module.title} (v1)" in page


def test_report_is_for_champions_and_admins(client, login_as):
    for role, expected in (("practitioner", 403), ("partner", 403), ("admin", 200)):
        login_as(role)
        assert client.get("/induction/report").status_code == expected
        assert client.get("/induction/report.csv").status_code == expected


def test_overdue_link_on_champion_home(client, login_as):
    _people()
    login_as("champion")
    assert "Induction: 1 overdue" in client.get("/").get_data(as_text=True)


def test_reminders_sent_once_each(app):
    from champions.notifications.models import Notification
    from champions.outbox.models import OutboxMessage

    make.module(lessons=1)
    soon = factories.user(display_name="Soon")
    late = factories.user(display_name="Late")
    db.session.flush()
    db.session.scalar(select(Assignment).where(Assignment.user_id == soon.id)).due_on = progress.today() + timedelta(days=5)
    db.session.scalar(select(Assignment).where(Assignment.user_id == late.id)).due_on = progress.today() - timedelta(days=1)
    db.session.commit()
    assert send_reminders() == (1, 1)
    db.session.commit()
    assert send_reminders() == (0, 0)
    titles = {n.user_id: n.title for n in db.session.scalars(select(Notification))}
    assert "is due on" in titles[soon.id] and "was due on" in titles[late.id]
    assert db.session.query(OutboxMessage).filter(OutboxMessage.to_address.in_([soon.email, late.email])).count() == 2


def test_cli_assign_and_reminders(runner, app):
    person = factories.user()
    db.session.execute(Assignment.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["induction", "assign", person.email])
    assert "Assigned the core induction to 1 person" in result.output
    assert db.session.scalar(select(Assignment).where(Assignment.user_id == person.id)) is not None
    result = runner.invoke(args=["induction", "reminders"])
    assert result.exit_code == 0 and "induction reminders" in result.output


def test_learning_log_is_private(client, login_as):
    module = make.module(lessons=1)
    lesson = module.lessons[0]
    owner = factories.user(display_name="Log Owner")
    db.session.add(Reflection(user_id=owner.id, lesson_id=lesson.id, text="My secret reflection zebra"))
    db.session.commit()
    for role in ("champion", "admin"):
        login_as(role)
        page = client.get("/induction/log").get_data(as_text=True)
        assert "zebra" not in page  # only the signed-in person's own log
        assert client.get(f"/induction/log/{owner.id}").status_code == 404
        assert client.get(f"/induction/log?user={owner.id}").get_data(as_text=True).count("zebra") == 0
    login_as(owner)
    assert "My secret reflection zebra" in client.get("/induction/log").get_data(as_text=True)


def test_search_finds_published_lessons_never_reflections(client, login_as):
    from champions.search import enqueue

    published = make.module("Budgets", lessons=0)
    make.lesson(published, "Delegated authority", "Approval limits by grade: kangaroo.")
    draft = make.module("Draft module", status="draft", lessons=0)
    make.lesson(draft, "Unfinished", "Work in progress: kangaroo.")
    partners = make.module("Shared", audience="partners", lessons=0)
    make.lesson(partners, "Working together", "Partners and kangaroo.")
    owner = factories.user()
    for m in (published, draft, partners):
        db.session.refresh(m)
        for lesson in m.lessons:
            enqueue("lesson", lesson.id)
            db.session.add(Reflection(user_id=owner.id, lesson_id=lesson.id, text="kangaroo reflection"))
    db.session.commit()
    titles = lambda user: {h.title for h in index.query(user, "kangaroo").hits}  # noqa: E731
    assert titles(owner) == {"Delegated authority", "Working together"}
    assert titles(factories.user(role="champion")) == {"Delegated authority", "Unfinished", "Working together"}
    assert titles(factories.user(role="partner")) == {"Working together"}
    assert all("reflection" not in h.snippet for h in index.query(owner, "reflection").hits)


def test_report_ignores_unusable_filter_values(client, login_as):
    """A huge or odd team or organisation id in the address shows the report unfiltered, never a server error."""
    login_as("champion")
    for value in ("99999999999999999999", "%C2%B2"):
        for url in (f"/induction/report?team={value}&organisation={value}", f"/induction/report.csv?team={value}"):
            assert client.get(url).status_code == 200, url
