"""Content to check, continued: resources past their review date, and answers tagged with a standard whose
edition changed after they were last checked."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.questions.models import Tag
from champions.timeutil import utcnow
from tests import factories
from tests import factories_questions as make
from tests import factories_resources as resources
from tests.pages import date_boxes


def endorsed(title: str, days: int, tags=()):
    """An answer endorsed `days` ago to a question with these tags, never checked since."""
    champion = factories.user("champion")
    question = make.question(title=title, days_ago=days, tags=list(tags))
    answer = make.answer(question, created_at=utcnow() - timedelta(days=days), endorsed_by_id=champion.id,
                         endorsed_at=utcnow() - timedelta(days=days))
    return question, answer


def test_resources_past_their_review_date_join_the_queue_and_confirming_takes_them_off(client, login_as):
    overdue = resources.resource(title="Charging policy leaflet", review_due_on=date.today() - timedelta(days=3))
    resources.resource(title="A current leaflet", review_due_on=date.today() + timedelta(days=30))
    resources.resource(title="A draft leaflet", status="draft", review_due_on=date.today() - timedelta(days=3))
    db.session.commit()
    login_as("champion")
    page = client.get("/accuracy/").get_data(as_text=True)
    assert "Resources past their review date (1)" in page and "Charging policy leaflet" in page
    assert "A current leaflet" not in page and "A draft leaflet" not in page
    assert f'action="/resources/{overdue.id}/confirm-review"' in page
    assert client.post(f"/resources/{overdue.id}/confirm-review").status_code == 302
    page = client.get("/accuracy/").get_data(as_text=True)
    assert "Resources past their review date (0)" in page and "Charging policy leaflet" not in page


def test_an_answer_tagged_with_a_standard_whose_edition_changed_joins_the_queue(client, login_as):
    standard = make.tag("Standard 3: Strengths-based assessment", kind="standard", edition="2024",
                        edition_changed_on=date.today() - timedelta(days=10))
    unchanged = make.tag("Standard 9: Transparency", kind="standard", edition="2024")
    endorsed("Checked before the new edition", days=40, tags=[standard])
    endorsed("Checked since the new edition", days=5, tags=[standard])
    endorsed("Tagged with an unchanged standard", days=40, tags=[unchanged])
    future = make.tag("Standard 4: Recording", kind="standard", edition_changed_on=date.today() + timedelta(days=20))
    endorsed("A change still to come", days=40, tags=[future])
    db.session.commit()
    login_as("champion")
    page = client.get("/accuracy/").get_data(as_text=True)
    assert "Answers due a check (1)" in page and "Checked before the new edition" in page
    assert "The edition of Standard 3: Strengths-based assessment has changed since." in page
    for title in ("Checked since the new edition", "Tagged with an unchanged standard", "A change still to come"):
        assert title not in page, title


def test_confirming_an_answer_after_the_edition_changed_takes_it_off(client, login_as):
    standard = make.tag("Standard 6: Risk enablement", kind="standard", edition_changed_on=date.today() - timedelta(days=2))
    _, answer = endorsed("Risk enablement and direct payments", days=30, tags=[standard])
    db.session.commit()
    login_as("champion")
    assert "Risk enablement and direct payments" in client.get("/accuracy/").get_data(as_text=True)
    assert client.post(f"/accuracy/answers/{answer.id}/confirm").status_code == 302
    assert "Risk enablement and direct payments" not in client.get("/accuracy/").get_data(as_text=True)


def test_a_champion_records_when_a_standards_edition_changed(client, login_as):
    standard = make.tag("Standard 12: Access to budgets", kind="standard", slug="standard-12", edition="2024")
    topic = make.tag("Carers", slug="carers")
    endorsed("Flexible spend on a budget", days=60, tags=[standard])
    db.session.commit()
    champion = login_as("champion")
    form = client.get("/questions/tags/standard-12/edit").get_data(as_text=True)
    assert "Edition changed on" in form
    assert "Edition changed on" not in client.get(f"/questions/tags/{topic.slug}/edit").get_data(as_text=True)
    # A wrong date: the error, and what was typed kept.
    page = client.post("/questions/tags/standard-12/edit", data={
        "name": standard.name, **date_boxes("edition_changed_on", (31, 2, 2027))}).get_data(as_text=True)
    assert "There is a problem" in page and "Enter the date the edition changed as a real date" in page
    assert 'value="31"' in page
    changed = date.today() - timedelta(days=7)
    response = client.post("/questions/tags/standard-12/edit", data={
        "name": standard.name, **date_boxes("edition_changed_on", changed)})
    assert response.status_code == 302
    assert db.session.scalar(select(Tag.edition_changed_on).where(Tag.id == standard.id)) == changed
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tag.edit")).all()[-1]
    assert event.actor_id == champion.id and changed.isoformat() in event.after_json
    assert "The edition of this standard changed on" in client.get("/questions/tags/standard-12").get_data(as_text=True)
    assert "Flexible spend on a budget" in client.get("/accuracy/").get_data(as_text=True)
