"""Partners ask questions without choosing who sees them: theirs are always shared with partners."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.questions.models import Question
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

TITLE = "How do carers centres refer people for a carer assessment?"


def test_partner_ask_page_has_no_visibility_choice(client, login_as):
    login_as("partner")
    page = client.get("/questions/new").get_data(as_text=True)
    assert 'name="visibility"' not in page
    assert "Your question will be shared with staff and partner organisations" in page


def test_partner_posts_a_question_without_a_visibility_field(client, login_as):
    partner = login_as("partner")
    response = client.post("/questions/new", data={"title": TITLE, "body": "We are a *carers' centre*."})
    assert response.status_code == 302, response.get_data(as_text=True)
    question = db.session.scalar(select(Question))
    assert question.author_id == partner.id and question.visibility == "partners"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert TITLE in page and "Choose who can see your question" not in page
    login_as("practitioner")
    assert client.get(f"/questions/{question.id}").status_code == 200


@pytest.mark.parametrize("forced", ["staff", "champions", "nonsense"])
def test_partner_cannot_force_a_narrower_visibility(client, login_as, forced):
    login_as("partner")
    response = client.post("/questions/new", data={"title": TITLE, "visibility": forced})
    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert question.visibility == "partners"
    assert client.get(f"/questions/{question.id}").status_code == 200  # the partner can read what they asked


def test_partner_previews_a_question(client, login_as):
    login_as("partner")
    response = client.post("/questions/new", data={"title": TITLE, "body": "A *lovely* preview", "preview": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<em>lovely</em>" in page and "There is a problem" not in page
    assert "Choose who can see your question" not in page and "#visibility" not in page
    assert TITLE in page  # what they typed is kept
    assert db.session.scalar(select(Question)) is None


def test_partner_with_a_bad_title_sees_only_that_problem(client, login_as):
    login_as("partner")
    page = client.post("/questions/new", data={"title": "Short?", "body": "kept text"}).get_data(as_text=True)
    assert "Your question must be between 10 and 150 characters" in page and "kept text" in page
    assert "Choose who can see your question" not in page


def test_practitioner_must_still_choose_who_can_see_it(client, login_as):
    login_as("practitioner")
    for data in ({"title": TITLE}, {"title": TITLE, "preview": "1"}):
        response = client.post("/questions/new", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Choose who can see your question" in page and 'href="#visibility' in page
    assert db.session.scalar(select(Question)) is None


def test_partner_edits_their_question_without_a_visibility_field(client, login_as):
    partner = factories.user("partner")
    question = fq.question(partner, title=TITLE, visibility="partners")
    db.session.commit()
    login_as(partner)
    page = client.get(f"/questions/{question.id}/edit").get_data(as_text=True)
    assert 'name="visibility"' not in page
    for body, extra in (("Updated details", {}), ("Updated again", {"visibility": "staff"})):
        response = client.post(f"/questions/{question.id}/edit", data={"title": TITLE, "body": body, **extra})
        assert response.status_code == 302
        db.session.refresh(question)
        assert question.body == body and question.visibility == "partners"


def test_champion_edits_a_partners_question(client, login_as):
    question = fq.question(factories.user("partner"), title=TITLE, visibility="partners")
    db.session.commit()
    login_as("champion")
    response = client.post(f"/questions/{question.id}/edit", data={"title": TITLE, "body": "Tidied up"})
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.body == "Tidied up" and question.visibility == "partners"
