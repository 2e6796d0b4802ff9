"""Asking, the question page and answering, from each person's side."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.questions.models import Answer, Follow, Question, Tag
from champions.questions.taxonomy import seed_taxonomy
from champions.revisions import Revision
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

GOOD_TITLE = "Can a family member be paid as a PA under option 1?"


def test_taxonomy_is_seeded_once_with_editions():
    first = seed_taxonomy()
    seed_taxonomy()
    tags = db.session.scalars(select(Tag)).all()
    assert len(tags) == len(first) == 4 + 7 + 12 + 15 + 10
    standards = {t.slug: t for t in tags if t.kind == "standard"}
    assert standards["standard-5"].name == "Standard 5"  # a neutral label: its name is not confirmed
    assert standards["standard-7"].name == "Standard 7"
    assert not any("to confirm" in t.name for t in tags)
    assert standards["standard-12"].name == "Standard 12: Access to budgets and flexibility of spend"
    assert {t.edition for t in standards.values()} == {"2024"}
    outcomes = [t for t in tags if t.kind == "outcome"]
    assert {t.group for t in outcomes} == {"Quality of life", "Process", "Change"}


def test_seed_keeps_champions_edits():
    seed_taxonomy()
    tag = db.session.scalar(select(Tag).where(Tag.slug == "standard-5"))
    tag.name = "Standard 5: Confirmed name"
    db.session.commit()
    seed_taxonomy()
    assert db.session.scalar(select(Tag.name).where(Tag.slug == "standard-5")) == "Standard 5: Confirmed name"


def test_ask_form_shows_grouped_tags(client, login_as):
    seed_taxonomy()
    login_as("practitioner")
    page = client.get("/questions/new").get_data(as_text=True)
    assert "Ask a question" in page
    assert "Direct payments" in page and "Option 1: direct payment" in page
    assert "<details" in page and "Personal outcomes" in page


def test_practitioner_asks_a_question(client, login_as):
    seed_taxonomy()
    champion = factories.user("champion")
    me = login_as("practitioner")
    topic = db.session.scalar(select(Tag).where(Tag.slug == "personal-assistants"))
    response = client.post("/questions/new", data={"title": GOOD_TITLE, "body": "Is this **allowed**?",
                                                   "tags": [topic.id], "visibility": "staff"})
    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert question.title == GOOD_TITLE and question.author_id == me.id
    assert "<strong>allowed</strong>" in question.body_html
    assert question.visibility == "staff" and question.status == "open"
    assert [t.slug for t in question.tags] == ["personal-assistants"]
    assert db.session.scalar(select(Follow).where(Follow.user_id == me.id)) is not None
    assert db.session.scalar(select(Revision).where(Revision.content_type == "question")).title == GOOD_TITLE
    from champions.notifications.models import Notification
    notes = db.session.scalars(select(Notification)).all()
    assert [(n.user_id, n.kind) for n in notes] == [(champion.id, "new_question")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert GOOD_TITLE in page and "Open" in page and "Personal assistants" in page


def test_partner_questions_are_always_shared_with_partners(client, login_as):
    login_as("partner")
    client.post("/questions/new", data={"title": GOOD_TITLE, "body": "", "visibility": "staff"})
    assert db.session.scalar(select(Question.visibility)) == "partners"


def test_preview_renders_without_saving(client, login_as):
    login_as("practitioner")
    response = client.post("/questions/new", data={"title": GOOD_TITLE, "body": "A *lovely* preview",
                                                   "visibility": "staff", "preview": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<em>lovely</em>" in page and "A *lovely* preview" in page
    assert db.session.scalar(select(Question)) is None


def test_similar_questions_shown_before_posting(client, login_as):
    fq.question(title="Paying a family member as a personal assistant")
    fq.question(title="Charging for day services", visibility="staff")
    login_as("partner")
    fq.question(title="Family member paid through option 2", visibility="partners")
    from champions.search import enqueue

    for question in db.session.scalars(select(Question)):
        enqueue("question", question.id)  # the factory does not queue index work; similar questions come from search
    db.session.commit()
    page = client.post("/questions/new", data={"title": "Can a family member be a PA?", "preview": "1",
                                               "visibility": "staff"}).get_data(as_text=True)
    assert "Similar questions" in page
    assert "Family member paid through option 2" in page
    assert "Paying a family member as a personal assistant" not in page  # staff only: partners never see it


def test_bad_titles_and_long_details_keep_input(client, login_as):
    login_as("practitioner")
    cases = [("", "Enter your question"), ("Too short", "between 10 and 150"),
             ("x" * 151, "between 10 and 150")]
    for title, message in cases:
        page = client.post("/questions/new", data={"title": title, "body": "kept text",
                                                   "visibility": "staff"}).get_data(as_text=True)
        assert message in page and "There is a problem" in page and "kept text" in page
    page = client.post("/questions/new", data={"title": GOOD_TITLE, "body": "y" * 20001,
                                               "visibility": "staff"}).get_data(as_text=True)
    assert "20,000 characters or fewer" in page
    assert db.session.scalar(select(Question)) is None


def test_missing_csrf_is_refused(client, login_as, csrf_enabled):
    login_as("practitioner")
    response = client.post("/questions/new", data={"title": GOOD_TITLE, "visibility": "staff"})
    assert response.status_code == 400
    assert db.session.scalar(select(Question)) is None


def test_question_page_orders_answers_and_shows_badges(client, login_as):
    partner_org = factories.organisation("Tayside Carers' Centre", kind="partner")
    asker = factories.user("practitioner")
    q = fq.question(asker, visibility="partners")
    oldest = fq.answer(q, body="Oldest plain answer")
    helpful = fq.answer(q, factories.user("partner", organisation_=partner_org), body="Helpful answer", helpful_count=3)
    endorsed = fq.answer(q, factories.user("champion"), body="Endorsed answer")
    endorsed.endorsed_by_id = factories.user("champion", display_name="Ailsa Grant").id
    accepted = fq.answer(q, body="Accepted answer")
    q.accepted_answer_id = accepted.id
    db.session.commit()
    login_as("practitioner")
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    order = [page.index(t) for t in ("Accepted answer", "Endorsed answer", "Helpful answer", "Oldest plain answer")]
    assert order == sorted(order)
    assert '<strong class="tag">SDS Champion</strong>' in page
    assert '<strong class="tag">Tayside Carers&#39; Centre</strong>' in page
    assert "Endorsed by Ailsa Grant, SDS Champion" in page and "Accepted answer" in page


def test_answering_notifies_asker_and_followers(client, login_as):
    from champions.notifications.models import Notification
    asker = factories.user("practitioner")
    follower = factories.user("practitioner")
    q = fq.question(asker)
    db.session.add(Follow(question_id=q.id, user_id=follower.id))
    db.session.commit()
    me = login_as("champion")
    response = client.post(f"/questions/{q.id}/answers", data={"body": "Yes, with **care**."})
    assert response.status_code == 302
    answer = db.session.scalar(select(Answer))
    assert answer.author_id == me.id and "<strong>care</strong>" in answer.body_html
    db.session.refresh(q)
    assert q.answer_count == 1 and q.has_champion_answer and q.status == "answered"
    notified = {n.user_id for n in db.session.scalars(select(Notification).where(Notification.kind == "new_answer"))}
    assert notified == {asker.id, follower.id}


def test_answer_preview_and_errors(client, login_as):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    page = client.post(f"/questions/{q.id}/answers", data={"body": "_draft_", "preview": "1"}).get_data(as_text=True)
    assert "<em>draft</em>" in page and db.session.scalar(select(Answer)) is None
    page = client.post(f"/questions/{q.id}/answers", data={"body": ""}).get_data(as_text=True)
    assert "Enter your answer" in page
    page = client.post(f"/questions/{q.id}/answers", data={"body": "z" * 20001}).get_data(as_text=True)
    assert "20,000 characters or fewer" in page
    assert db.session.scalar(select(Answer)) is None


def test_locked_or_closed_question_cannot_be_answered(client, login_as):
    locked = fq.question(locked=True)
    closed = fq.question(closed_reason="out_of_scope")
    db.session.commit()
    login_as("practitioner")
    for q in (locked, closed):
        assert client.post(f"/questions/{q.id}/answers", data={"body": "An answer"}).status_code == 403
        page = client.get(f"/questions/{q.id}").get_data(as_text=True)
        assert "cannot get new answers" in page and "Post your answer" not in page
    assert db.session.scalar(select(Answer)) is None


def test_partner_cannot_see_staff_questions(client, login_as):
    staff_q = fq.question(title="Staff only question about charging")
    shared_q = fq.question(title="Shared question about short breaks", visibility="partners")
    db.session.commit()
    login_as("partner")
    assert client.get(f"/questions/{staff_q.id}").status_code == 404
    assert client.post(f"/questions/{staff_q.id}/answers", data={"body": "x"}).status_code == 404
    assert client.get(f"/questions/{shared_q.id}").status_code == 200
    page = client.get("/questions/").get_data(as_text=True)
    assert "Shared question about short breaks" in page and "Staff only question" not in page
    assert "(1 question)" in page


def test_ask_form_shows_a_short_title_and_personal_data_at_once(client, login_as):
    """Both problems come back together, with what was typed kept."""
    login_as("practitioner")
    page = client.post("/questions/new", data={
        "title": "Short?", "body": "About the man with CHI 120385 1235.", "visibility": "staff"}).get_data(as_text=True)
    assert "There is a problem" in page
    assert "CHI number" in page
    assert "Your question must be between 10 and 150 characters" in page
    assert "About the man with CHI 120385 1235." in page


def test_refreshing_a_rejected_answer_goes_back_to_the_question(client, login_as):
    """The address bar shows /answers after an error; loading it again is not 'not allowed'."""
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    response = client.post(f"/questions/{q.id}/answers", data={"body": ""})
    assert response.status_code == 200 and "Enter your answer" in response.get_data(as_text=True)
    response = client.get(f"/questions/{q.id}/answers")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/questions/{q.id}#your-answer-heading"
    assert "Answer this question" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(Answer)) is None
    login_as("partner")
    assert client.get(f"/questions/{q.id}/answers").status_code == 404  # staff only: no hint it exists


def test_answering_still_needs_a_post_with_csrf(client, login_as, csrf_enabled):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/questions/{q.id}/answers", data={"body": "An answer"}).status_code == 400
    client.get(f"/questions/{q.id}/answers?body=An+answer")
    assert db.session.scalar(select(Answer)) is None
