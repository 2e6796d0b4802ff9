"""Induction authoring and roles: champions write, reorder, preview and publish; practitioners cannot; partners see only partner modules."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.induction.models import CheckQuestion, Lesson, Module
from tests import factories_induction as make


def test_champion_builds_and_publishes_a_module(client, login_as):
    login_as("champion")
    response = client.post("/induction/manage/modules/new", data={
        "title": "Where to get help", "summary": "People and places.", "audience": "staff", "pass_mark": "75"})
    module = db.session.scalar(select(Module))
    assert response.status_code == 302 and module.status == "draft" and module.version == 0
    assert "add at least one lesson" in client.get(f"/induction/manage/modules/{module.id}").get_data(as_text=True)
    client.post(f"/induction/manage/modules/{module.id}/lessons/new", data={"title": "The forum", "body": "Ask **anything**."})
    lesson = db.session.scalar(select(Lesson))
    assert lesson.body_html == "<p>Ask <strong>anything</strong>.</p>"
    client.post(f"/induction/manage/modules/{module.id}/questions/new", data={
        "prompt": "Where can you ask?", "explanation": "The forum is for everyone.",
        "option_1": "The forum", "option_1_correct": "y", "option_2": "Nowhere"})
    question = db.session.scalar(select(CheckQuestion))
    assert [(o.text, o.correct) for o in question.options] == [("The forum", True), ("Nowhere", False)]
    preview = client.get(f"/induction/modules/{module.id}").get_data(as_text=True)
    assert "Preview" in preview and "nothing you do here is recorded" in preview
    client.post(f"/induction/manage/modules/{module.id}/publish")
    db.session.refresh(module)
    assert module.status == "published" and module.version == 1 and not module.has_unpublished_changes
    client.post(f"/induction/manage/modules/{module.id}/lessons/{lesson.id}/edit", data={"title": "The forum", "body": "Changed."})
    db.session.refresh(module)
    assert module.has_unpublished_changes and module.version == 1
    client.post(f"/induction/manage/modules/{module.id}/publish")
    db.session.refresh(module)
    assert module.version == 2
    client.post(f"/induction/manage/modules/{module.id}/unpublish")
    db.session.refresh(module)
    assert module.status == "draft"


def test_module_form_errors_keep_input(client, login_as):
    login_as("champion")
    response = client.post("/induction/manage/modules/new", data={"title": "", "summary": "Kept summary", "audience": "staff", "pass_mark": "150"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and "Enter a title" in page and "between 1 and 100" in page and "Kept summary" in page


def test_question_needs_two_options_and_a_correct_one(client, login_as):
    module = make.module(status="draft")
    login_as("champion")
    page = client.post(f"/induction/manage/modules/{module.id}/questions/new", data={
        "prompt": "Kept prompt", "explanation": "Why", "option_1": "Only one"}).get_data(as_text=True)
    assert "Enter at least two options" in page and "Kept prompt" in page
    page = client.post(f"/induction/manage/modules/{module.id}/questions/new", data={
        "prompt": "Q", "explanation": "Why", "option_1": "A", "option_2": "B"}).get_data(as_text=True)
    assert "Tick at least one correct option" in page
    assert db.session.scalar(select(CheckQuestion)) is None


def test_lesson_with_personal_data_needs_confirmation(client, login_as):
    module = make.module(status="draft", lessons=0)
    login_as("champion")
    url = f"/induction/manage/modules/{module.id}/lessons/new"
    response = client.post(url, data={"title": "Example", "body": "Call 07700 900123 about Mrs Smith"})
    assert response.status_code == 400
    assert "07700 900123" in response.get_data(as_text=True)
    assert db.session.scalar(select(Lesson)) is None
    response = client.post(url, data={"title": "Example", "body": "Call 07700 900123 about Mrs Smith",
                                      "confirm_no_personal_data": "y"})
    assert response.status_code == 302 and db.session.scalar(select(Lesson)) is not None


def test_reorder_modules_and_lessons(client, login_as):
    first = make.module("First", position=1)
    second = make.module("Second", position=2)
    login_as("champion")
    client.post(f"/induction/manage/modules/{second.id}/move", data={"direction": "up"})
    assert [m.title for m in db.session.scalars(select(Module).order_by(Module.position))] == ["Second", "First"]
    a, b = first.lessons
    client.post(f"/induction/manage/modules/{first.id}/lessons/{b.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [lesson.id for lesson in db.session.get(Module, first.id).lessons] == [b.id, a.id]


def test_practitioner_and_partner_cannot_author(client, login_as):
    module = make.module(status="draft")
    for role in ("practitioner", "partner"):
        login_as(role)
        assert client.get("/induction/manage").status_code == 403
        assert client.post("/induction/manage/modules/new", data={"title": "X", "audience": "staff", "pass_mark": "80"}).status_code == 403
        assert client.post(f"/induction/manage/modules/{module.id}/publish").status_code == 403
        assert client.get(f"/induction/modules/{module.id}").status_code == 404  # drafts are invisible to learners
    assert db.session.get(Module, module.id).status == "draft"


def test_partner_sees_only_partner_modules(client, login_as):
    login_as("partner")
    staff_only = make.module("Staff only", position=1)
    assert client.get("/induction/").status_code == 403  # nothing open to partners yet
    shared = make.module("Working with partners", position=2, audience="partners")
    db.session.commit()
    page = client.get("/induction/").get_data(as_text=True)
    assert "Working with partners" in page and "Staff only" not in page
    assert "0 of 1 modules completed" in page
    assert client.get(f"/induction/modules/{staff_only.id}").status_code == 404
    assert client.get(f"/induction/modules/{shared.id}/lessons/{shared.lessons[0].id}").status_code == 200
    practitioner_page = None
    login_as("practitioner")
    practitioner_page = client.get("/induction/").get_data(as_text=True)
    assert "Working with partners" in practitioner_page and "Staff only" in practitioner_page


def test_lesson_changes_keep_every_earlier_version_for_authors(client, login_as):
    module = make.module(status="draft", lessons=0)
    login_as("champion")
    client.post(f"/induction/manage/modules/{module.id}/lessons/new", data={"title": "Budgets", "body": "First wording."})
    lesson = db.session.scalar(select(Lesson))
    edit = f"/induction/manage/modules/{module.id}/lessons/{lesson.id}/edit"
    client.post(edit, data={"title": "Budgets", "body": "Second wording."})
    client.post(edit, data={"title": "Personal budgets", "body": "Third wording."})
    assert "See earlier versions of this lesson" in client.get(edit).text
    page = client.get(f"/induction/manage/modules/{module.id}/lessons/{lesson.id}/changes").text
    assert page.count("Changed by") == 2 and page.count("Added by") == 1
    assert page.index("Second wording.") < page.index("First wording.")  # newest change first
    assert "Third wording." not in page  # the current text is the lesson itself
    login_as("practitioner")
    assert client.get(f"/induction/manage/modules/{module.id}/lessons/{lesson.id}/changes").status_code == 403


def test_a_lesson_is_only_managed_under_its_own_module(client, login_as):
    one, two = make.module(status="draft", lessons=1), make.module(title="Other", status="draft", lessons=1)
    db.session.commit()
    login_as("champion")
    lesson = two.lessons[0]
    base = f"/induction/manage/modules/{one.id}/lessons/{lesson.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.get(f"{base}/changes").status_code == 404
    assert client.post(f"{base}/move", data={"direction": "up"}).status_code == 404
    assert client.post(f"{base}/edit", data={"title": "Moved in", "body": "No."}).status_code == 404
    db.session.refresh(lesson)
    assert lesson.title != "Moved in" and lesson.module_id == two.id
