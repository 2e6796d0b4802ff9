"""Authoring operations: ordering, publishing with versions, saving lessons and questions (search kept in step)."""
from __future__ import annotations

from champions import audit, markdown, revisions, search
from champions.extensions import db
from champions.induction.forms import OPTION_SLOTS
from champions.induction.models import CheckOption, CheckQuestion, Lesson, Module
from champions.timeutil import utcnow


def reindex_lessons(module: Module) -> None:
    """Ask search to re-read every lesson of a module (its visibility follows the module)."""
    db.session.flush()
    for lesson in module.lessons:
        search.enqueue("lesson", lesson.id)


def touch(module: Module, user) -> None:
    """Note an edit; on a published module it becomes a change to publish as a new version."""
    module.updated_by_id = user.id
    module.updated_at = utcnow()
    if module.is_published:
        module.has_unpublished_changes = True
    reindex_lessons(module)


def move(items: list, item, direction: str) -> None:
    """Swap an item with its neighbour ('up' or 'down'), then number them 1..n."""
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else index
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position


def reindex_modules(modules: list[Module]) -> None:
    """Keep module positions 1..n."""
    for position, module in enumerate(modules, start=1):
        module.position = position


def publish_problems(module: Module) -> list[str]:
    """What stops a module being published, in words (empty when it is ready)."""
    problems = []
    if not module.lessons:
        problems.append("add at least one lesson")
    for number, question in enumerate(module.questions, start=1):
        if len(question.options) < 2 or not question.correct_ids:
            problems.append(f"question {number} needs at least two options and one correct answer")
    return problems


def publish(module: Module, user) -> None:
    """Publish the module as its next version (earlier completions keep their version)."""
    before = {"status": module.status, "version": module.version}
    module.status = "published"
    module.version = (module.version or 0) + 1
    module.has_unpublished_changes = False
    module.published_at = utcnow()
    module.updated_by_id = user.id
    audit.record(user, "induction.module_publish", module, summary=f"{module.title} v{module.version}",
                 before=before, after={"status": module.status, "version": module.version})
    reindex_lessons(module)


def unpublish(module: Module, user) -> None:
    """Back to draft: learners no longer see it; nothing they did is erased."""
    before = {"status": module.status}
    module.status = "draft"
    module.updated_by_id = user.id
    audit.record(user, "induction.module_unpublish", module, summary=module.title, before=before,
                 after={"status": "draft"})
    reindex_lessons(module)


def save_lesson(module: Module, lesson: Lesson | None, title: str, body: str, user) -> Lesson:
    """Create or update a lesson, rendering its Markdown once; keeps the new version (and audits the change)."""
    if lesson is None:
        lesson = Lesson(module=module, position=len(module.lessons) + 1, title=title, body=body)
        db.session.add(lesson)
        before = None
    else:
        before = {"title": lesson.title, "body": lesson.body}
    lesson.title, lesson.body = title, body
    lesson.body_html = str(markdown.render(body))
    db.session.flush()
    audit.record(user, "induction.lesson_save", lesson, summary=title, before=before,
                 after={"title": title, "body": body})
    revisions.record("lesson", lesson, user, title=title, body=body)
    revisions.forget_removed_personal_data("lesson", lesson.id, f"{title}\n{body}")
    touch(module, user)
    return lesson


def question_form_data(question: CheckQuestion) -> dict:
    """A question's current values for the edit form."""
    data = {"prompt": question.prompt, "explanation": question.explanation}
    for n, option in enumerate(question.options[:OPTION_SLOTS], start=1):
        data[f"option_{n}"] = option.text
        data[f"option_{n}_correct"] = option.correct
    return data


def save_question(module: Module, question: CheckQuestion | None, form, user) -> CheckQuestion:
    """Create or update a question; options beyond those entered are retired, not deleted."""
    if question is None:
        question = CheckQuestion(module_id=module.id, position=len(module.questions) + 1)
        db.session.add(question)
    question.prompt = form.prompt.data
    question.explanation = form.explanation.data
    question.explanation_html = str(markdown.render(form.explanation.data))
    db.session.flush()
    existing = list(question.options) if question.id else []
    entered = form.options_entered()
    for position, (text, correct) in enumerate(entered, start=1):
        if position <= len(existing):
            option = existing[position - 1]
        else:
            option = CheckOption(question_id=question.id)
            db.session.add(option)
        option.text, option.correct, option.position, option.active = text, correct, position, True
    for option in existing[len(entered):]:
        option.active = False
    audit.record(user, "induction.question_save", question, summary=question.prompt[:200])
    touch(module, user)
    db.session.flush()
    db.session.expire(question, ["options"])
    return question
