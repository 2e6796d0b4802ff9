"""Induction for learners: progress, resuming, completion (and versions), the knowledge check, reflections."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from champions.extensions import db
from champions.induction import content, progress
from champions.induction.models import Assignment, CheckAttempt, LessonProgress, ModuleCompletion, Reflection
from tests import factories
from tests import factories_induction as make


def _choose(client, module, picks: dict) -> dict:
    """Form data choosing options by their text ({question: [text, ...]}), as the check page numbers them."""
    page = client.get(f"/induction/modules/{module.id}/check").text
    data = {}
    for question, texts in picks.items():
        shown = dict((label, value) for value, label in re.findall(
            rf'name="q{question.id}"[^>]*value="(\d+)">\s*<label[^>]*>([^<]+)</label>', page))
        data[f"q{question.id}"] = [shown[text] for text in texts]
    return data


def _complete_lessons(client, module):
    for lesson in module.lessons:
        assert client.post(f"/induction/modules/{module.id}/lessons/{lesson.id}/complete").status_code == 302


def test_index_lists_modules_with_status_and_progress(client, login_as):
    first = make.module("Self-directed Support and the law", position=1)
    make.module("The four options", position=2)
    login_as("practitioner")
    page = client.get("/induction/").get_data(as_text=True)
    assert "Self-directed Support and the law" in page and "The four options" in page
    assert "0 of 2 modules completed" in page
    assert page.count("Not started") == 2
    assert f"/induction/modules/{first.id}/lessons/{first.lessons[0].id}" in page  # Start goes to lesson 1


def test_new_staff_account_is_assigned_with_due_date(app):
    person = factories.user(role="practitioner")
    db.session.commit()
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == person.id))
    assert assignment is not None
    assert (assignment.due_on - progress.today()).days == 28
    partner = factories.user(role="partner")
    db.session.commit()
    assert db.session.scalar(select(Assignment).where(Assignment.user_id == partner.id)) is None


def test_lesson_complete_and_resume(client, login_as):
    module = make.module(lessons=3)
    user = login_as("practitioner")
    one, two, three = module.lessons
    page = client.get(f"/induction/modules/{module.id}/lessons/{one.id}").get_data(as_text=True)
    assert "Lesson 1 of <strong>The four options</strong>" in page
    assert "Mark as complete" in page and "Next<span class=\"visually-hidden\"> lesson</span>: " in page
    response = client.post(f"/induction/modules/{module.id}/lessons/{one.id}/complete")
    assert response.headers["Location"].endswith(f"/lessons/{two.id}")  # on to the first incomplete lesson
    assert "In progress" in client.get("/induction/").get_data(as_text=True)
    assert f"/lessons/{two.id}" in client.get(f"/induction/modules/{module.id}").get_data(as_text=True)
    done = db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == user.id, LessonProgress.lesson_id == one.id))
    assert done.completed_at is not None
    _complete_lessons(client, module)
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 1
    page = client.get("/induction/").get_data(as_text=True)
    assert "1 of 1 modules completed" in page and "Completed" in page


def test_module_with_check_needs_a_pass(client, login_as):
    module = make.module(lessons=1, pass_mark=100)
    q1 = make.question(module)
    q2 = make.question(module, "Which are options?", (("Option 1", True), ("Option 2", True), ("Option 9", False)))
    login_as("practitioner")
    _complete_lessons(client, module)
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 0
    page = client.get(f"/induction/modules/{module.id}/check").get_data(as_text=True)
    assert 'type="radio"' in page and 'type="checkbox"' in page  # one correct: radios; several: checkboxes
    response = client.post(f"/induction/modules/{module.id}/check",
                           data=_choose(client, module, {q1: ["A loan"], q2: ["Option 1"]}))
    assert response.status_code == 302
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You answered 0 of 2 questions correctly (0%)" in result and "Not passed" in result
    assert "Option 1 is a direct payment." not in result and "(right answer)" not in result  # not given away
    assert "Try the check again" in result
    response = client.post(f"/induction/modules/{module.id}/check",
                           data=_choose(client, module, {q1: ["Direct payment"], q2: ["Option 1", "Option 2"]}))
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You answered 2 of 2 questions correctly (100%)" in result and "You passed" in result
    assert "Option 1 is a direct payment." in result and "(right answer)" in result  # explained after a pass
    assert db.session.scalar(select(func.count()).select_from(CheckAttempt)) == 2
    assert db.session.scalar(select(ModuleCompletion.module_version)) == 1


def test_score_check_single_and_multiple(app):
    module = make.module(lessons=1)
    single = make.question(module)
    multi = make.question(module, "Pick two", (("A", True), ("B", True), ("C", False)))
    a, b, c = (o.id for o in multi.options)
    right = single.correct_ids
    assert progress.score_check(module.questions, {single.id: right, multi.id: {a, b}}) == 2
    assert progress.score_check(module.questions, {single.id: right, multi.id: {a}}) == 1  # half right is wrong
    assert progress.score_check(module.questions, {single.id: right, multi.id: {a, b, c}}) == 1
    assert progress.score_check(module.questions, {}) == 0


def test_check_with_nothing_chosen_shows_errors_and_records_nothing(client, login_as):
    module = make.module(lessons=1)
    question = make.question(module)
    login_as("practitioner")
    response = client.post(f"/induction/modules/{module.id}/check", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and "Answer question 1" in page and f'href="#q{question.id}"' in page
    assert db.session.scalar(select(func.count()).select_from(CheckAttempt)) == 0


def test_check_options_are_shuffled_per_attempt_and_kept_when_the_form_has_errors(client, login_as):
    module = make.module(lessons=0)
    options = tuple((f"Option text {n}", n == 1) for n in range(1, 6))  # the right answer written first
    questions = [make.question(module, prompt=f"Question {n}?", options=options) for n in range(4)]
    db.session.commit()
    login_as("practitioner")
    url = f"/induction/modules/{module.id}/check"

    def order(page: str) -> list[int]:
        return [int(n) for n in re.findall(r"Option text (\d)", page)]

    page = client.get(url).text
    for question in questions:  # places, never option ids (which follow the order the author wrote them in)
        assert set(re.findall(rf'name="q{question.id}"[^>]*value="(\d+)"', page)) == {"1", "2", "3", "4", "5"}
    orders = []
    for _ in range(4):
        shown = order(client.get(url).text)
        assert order(client.post(url, data={}).text) == shown  # shown again with errors: same order
        orders.append(shown)
        answers = _choose(client, module, {q: ["Option text 2"] for q in questions})
        assert client.post(url, data=answers).status_code == 302  # an attempt: the next try may differ
    per_question = [tuple(o[i * 5:(i + 1) * 5]) for o in orders for i in range(4)]
    assert sum(1 for o in per_question if o[0] == 1) < len(per_question)  # the right answer is not always first
    assert len(set(per_question)) > 1


def test_completion_kept_when_module_republished(client, login_as, app):
    module = make.module(lessons=1)
    champion = factories.user(role="champion")
    user = login_as("practitioner")
    _complete_lessons(client, module)
    content.save_lesson(module, None, "A new lesson", "New material.", champion)
    content.publish(module, champion)
    db.session.commit()
    assert module.version == 2
    completion = db.session.scalar(select(ModuleCompletion).where(ModuleCompletion.user_id == user.id))
    assert completion.module_version == 1  # never erased
    page = client.get("/induction/").get_data(as_text=True)
    assert "Completed an earlier version (v1)" in page
    assert "1 of 1 modules completed" in page  # an earlier completion still counts
    new_lesson = module.lessons[-1]
    client.post(f"/induction/modules/{module.id}/lessons/{new_lesson.id}/complete")
    versions = sorted(db.session.scalars(select(ModuleCompletion.module_version)))
    assert versions == [1, 2]


def test_lesson_from_another_module_is_404(client, login_as):
    one = make.module("One", position=1)
    two = make.module("Two", position=2)
    login_as("practitioner")
    assert client.get(f"/induction/modules/{one.id}/lessons/{two.lessons[0].id}").status_code == 404
    assert client.post(f"/induction/modules/{one.id}/lessons/{two.lessons[0].id}/complete").status_code == 404
    assert client.get(f"/induction/modules/{one.id}/lessons/99999").status_code == 404


def test_reflection_saved_privately_and_too_long_rejected(client, login_as):
    module = make.module(lessons=1)
    lesson = module.lessons[0]
    user = login_as("practitioner")
    url = f"/induction/modules/{module.id}/lessons/{lesson.id}/reflection"
    response = client.post(url, data={"text": "I will ask about outcomes first."})
    assert response.status_code == 302
    assert db.session.scalar(select(Reflection.text).where(Reflection.user_id == user.id)) == "I will ask about outcomes first."
    page = client.get(f"/induction/modules/{module.id}/lessons/{lesson.id}").get_data(as_text=True)
    assert "I will ask about outcomes first." in page
    too_long = "x" * 5001
    response = client.post(url, data={"text": too_long})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must be 5,000 characters or fewer" in page and too_long in page
    assert db.session.scalar(select(Reflection.text).where(Reflection.user_id == user.id)) == "I will ask about outcomes first."
    log = client.get("/induction/log").get_data(as_text=True)
    assert "I will ask about outcomes first." in log and lesson.title in log


def test_changing_or_clearing_a_reflection_keeps_the_earlier_versions_for_its_writer_only(client, login_as):
    module = make.module(lessons=1)
    lesson = module.lessons[0]
    lesson_url = f"/induction/modules/{module.id}/lessons/{lesson.id}"
    writer = login_as("practitioner")
    client.post(f"{lesson_url}/reflection", data={"text": "First thoughts on outcomes."})
    client.post(f"{lesson_url}/reflection", data={"text": "Second thoughts on outcomes."})
    page = client.post(f"{lesson_url}/reflection", data={"text": "Second thoughts on outcomes."},
                       follow_redirects=True).text
    assert "Your reflections have not changed." in page
    client.post(f"{lesson_url}/reflection", data={"text": ""})  # cleared: the text is kept as a version
    page = client.get(lesson_url).text
    assert "Earlier versions (2)" in page
    assert page.index("Second thoughts on outcomes.") < page.index("First thoughts on outcomes.")  # newest first
    log = client.get("/induction/log").text
    assert "You cleared this reflection" in log and lesson.title in log
    login_as("champion")
    assert "thoughts on outcomes" not in client.get(lesson_url).text
    login_as(writer)
    assert "Earlier versions (2)" in client.get(lesson_url).text


def test_personal_data_taken_out_of_a_reflection_leaves_its_earlier_versions_too(client, login_as):
    module = make.module(lessons=1)
    lesson_url = f"/induction/modules/{module.id}/lessons/{module.lessons[0].id}"
    login_as("practitioner")
    client.post(f"{lesson_url}/reflection", data={"text": "Call 07700 900123 to follow up on outcomes.",
                                                  "confirm_no_personal_data": "y"})
    client.post(f"{lesson_url}/reflection", data={"text": "Follow up on outcomes with the team."})
    page = client.get(lesson_url).text
    assert "Earlier versions (1)" in page and "07700 900123" not in page and "[removed]" in page


def test_statement_only_when_complete(client, login_as):
    module = make.module(lessons=1)
    user = login_as("practitioner")
    assert "Your statement will be ready" in client.get("/induction/statement").get_data(as_text=True)
    _complete_lessons(client, module)
    page = client.get("/induction/statement").get_data(as_text=True)
    assert "Statement of completion" in page and user.display_name in page and module.title in page
    assert progress.today().strftime("%B %Y") in page
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == user.id))
    assert assignment.completed_at is not None


def test_overdue_shown_in_words(client, login_as):
    from datetime import timedelta

    make.module(lessons=1)
    user = login_as("practitioner")
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == user.id))
    assignment.due_on = progress.today() - timedelta(days=1)
    db.session.commit()
    page = client.get("/induction/").get_data(as_text=True)
    assert "Overdue" in page and "Your induction was due on" in page


def test_home_panel_continue(client, login_as):
    module = make.module(lessons=2)
    login_as("practitioner")
    page = client.get("/").get_data(as_text=True)
    assert "Continue your induction" in page and "0 of 1 modules completed" in page
    _complete_lessons(client, module)
    assert "Continue your induction" not in client.get("/").get_data(as_text=True)


def test_missing_csrf_is_400(client, login_as, csrf_enabled):
    module = make.module(lessons=1)
    login_as("practitioner")
    lesson = module.lessons[0]
    assert client.post(f"/induction/modules/{module.id}/lessons/{lesson.id}/complete").status_code == 400
    assert client.post(f"/induction/modules/{module.id}/lessons/{lesson.id}/reflection", data={"text": "x"}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(LessonProgress).where(LessonProgress.completed_at.is_not(None))) == 0


def test_opening_induction_pages_writes_nothing(client, login_as):
    """No state change on GET: the induction page and the home page never create an assignment."""
    make.module(lessons=1)
    login_as("practitioner")
    db.session.execute(Assignment.__table__.delete())
    db.session.commit()
    assert "0 of 1 modules completed" in client.get("/induction/").get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_partner_who_becomes_staff_is_assigned(app):
    """A role change into staff assigns the core induction when it is saved (not on their next page view)."""
    person = factories.user(role="partner")
    db.session.commit()
    assert db.session.scalar(select(Assignment).where(Assignment.user_id == person.id)) is None
    person.role = "practitioner"
    db.session.commit()
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == person.id))
    assert assignment is not None and (assignment.due_on - progress.today()).days == 28
    person.role = "champion"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Assignment).where(Assignment.user_id == person.id)) == 1


def test_check_says_how_many_answers_are_needed_to_pass(client, login_as):
    """'get at least 2 of the 3 right' rather than a percentage."""
    module = make.module(lessons=1, pass_mark=66)
    for prompt in ("First?", "Second?", "Third?"):
        make.question(module, prompt)
    db.session.commit()
    login_as("practitioner")
    page = client.get(f"/induction/modules/{module.id}/check").get_data(as_text=True)
    assert "To pass, get at least 2 of the 3 right." in page


def test_mark_as_complete_saves_the_reflection_typed_above_it(client, login_as):
    """One form: pressing 'Mark as complete' with a typed reflection saves both."""
    module = make.module(lessons=2)
    lesson = module.lessons[0]
    user = login_as("practitioner")
    lesson_url = f"/induction/modules/{module.id}/lessons/{lesson.id}"
    page = client.get(lesson_url).text
    form = page[page.index(f'action="{lesson_url}/complete"'):]
    form = form[:form.index("</form>")]
    assert 'name="text"' in form and "Mark as complete" in form and "Save my reflections" in form
    assert "data-warn-unsaved" in page and "js/warn-unsaved.js" in page
    response = client.post(f"{lesson_url}/complete", data={"text": "Start with what matters to the person."},
                           follow_redirects=True)
    assert "is marked as complete. Your reflections are saved." in response.text
    assert db.session.scalar(select(Reflection.text).where(Reflection.user_id == user.id)) == \
        "Start with what matters to the person."
    assert db.session.scalar(select(LessonProgress.completed_at).where(LessonProgress.lesson_id == lesson.id))
    assert "Start with what matters to the person." in client.get("/induction/log").text


def test_mark_as_complete_with_a_reflection_too_long_keeps_the_text_and_completes_nothing(client, login_as):
    module = make.module(lessons=1)
    lesson = module.lessons[0]
    login_as("practitioner")
    too_long = "y" * 5001
    response = client.post(f"/induction/modules/{module.id}/lessons/{lesson.id}/complete", data={"text": too_long})
    assert response.status_code == 400
    assert "must be 5,000 characters or fewer" in response.text and too_long in response.text
    assert 'data-warn-unsaved="unsaved"' in response.text  # still not saved: leaving warns
    assert db.session.scalar(select(func.count()).select_from(LessonProgress).where(
        LessonProgress.completed_at.is_not(None))) == 0
    assert db.session.scalar(select(func.count()).select_from(Reflection)) == 0


def test_opening_a_lesson_is_recorded_and_review_goes_to_the_one_opened_last(client, login_as):
    module = make.module(lessons=2)
    login_as("practitioner")
    one, two = module.lessons
    assert client.get(f"/induction/modules/{module.id}/lessons/{one.id}").status_code == 200
    db.session.rollback()  # the test shares the request's session: only what the page committed is kept
    assert "In progress" in client.get("/induction/").get_data(as_text=True)  # opened, nothing completed
    _complete_lessons(client, module)
    for lesson in (two, one):  # opened again, each after the other
        assert client.get(f"/induction/modules/{module.id}/lessons/{lesson.id}").status_code == 200
        db.session.rollback()
        page = client.get(f"/induction/modules/{module.id}").get_data(as_text=True)
        assert f'class="button" href="/induction/modules/{module.id}/lessons/{lesson.id}">Review' in page
