"""Induction authoring for champions and admins: modules, lessons, check questions; order; publish."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from champions import audit, permissions, revisions
from champions.extensions import db
from champions.induction import assigning, bp, content, progress
from champions.induction.forms import AssignModuleForm, LessonForm, ModuleForm, QuestionForm
from champions.induction.models import CheckQuestion, Lesson, Module
from champions.limits import writing_limit


def _lesson_or_404(module: Module, lesson_id: int) -> Lesson:
    """A lesson of this module (a lesson id from another module is a 404)."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.module_id != module.id:
        abort(404)
    return lesson


def _author_module_or_404(module_id: int, *load) -> Module:
    permissions.require("induction.author")
    module = db.session.get(Module, module_id, options=load)
    if module is None:
        abort(404)
    return module


def _with_content():
    """Eager loads of what a module's management pages walk: its lessons, and its questions with their options."""
    return joinedload(Module.lessons), selectinload(Module.questions).selectinload(CheckQuestion.options)


@bp.get("/manage")
@login_required
def manage():
    """Every module, draft or published, in order."""
    permissions.require("induction.author")
    modules = db.session.scalars(select(Module).order_by(Module.position, Module.id)
                                 .options(selectinload(Module.lessons), selectinload(Module.questions))).all()
    return render_template("induction/manage/index.html", modules=modules)


@bp.route("/manage/modules/new", methods=["GET", "POST"])
@login_required
def new_module():
    """Start a new module (a draft)."""
    permissions.require("induction.author")
    form = ModuleForm()
    if form.validate_on_submit():
        last = db.session.scalar(select(func.max(Module.position))) or 0
        module = Module(position=last + 1, created_by_id=current_user.id, updated_by_id=current_user.id)
        form.populate_obj(module)
        db.session.add(module)
        db.session.flush()
        audit.record(current_user, "induction.module_create", module, summary=module.title)
        db.session.commit()
        flash("Module created as a draft. Add its lessons, then publish it.", "success")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    return render_template("induction/manage/module_form.html", form=form, module=None), 400 if form.is_submitted() else 200


@bp.get("/manage/modules/<int:module_id>")
@login_required
def manage_module(module_id: int):
    """A module's lessons and questions, with reorder, preview and publish."""
    module = _author_module_or_404(module_id, *_with_content())
    return render_template("induction/manage/module.html", module=module, problems=content.publish_problems(module),
                           impact=assigning.impact(module))


@bp.route("/manage/modules/<int:module_id>/edit", methods=["GET", "POST"])
@login_required
def edit_module(module_id: int):
    """Change a module's title, summary, audience or pass mark."""
    module = _author_module_or_404(module_id)
    form = ModuleForm(obj=module)
    if form.validate_on_submit():
        keys = ("title", "audience", "pass_mark", "max_attempts", "attempt_pause_minutes")
        before = {key: getattr(module, key) for key in keys}
        form.populate_obj(module)
        content.touch(module, current_user)
        audit.record(current_user, "induction.module_edit", module, summary=module.title, before=before,
                     after={key: getattr(module, key) for key in keys})
        db.session.commit()
        flash("Module saved.", "success")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    return render_template("induction/manage/module_form.html", form=form, module=module), 400 if form.is_submitted() else 200


@bp.post("/manage/modules/<int:module_id>/move")
@login_required
def move_module(module_id: int):
    """Move a module up or down the induction."""
    module = _author_module_or_404(module_id)
    siblings = list(db.session.scalars(select(Module).order_by(Module.position, Module.id)))
    content.move(siblings, module, request.form.get("direction", ""))
    content.reindex_modules(siblings)
    db.session.commit()
    return redirect(url_for("induction.manage") + f"#module-{module.id}")


@bp.post("/manage/modules/<int:module_id>/publish")
@login_required
def publish_module(module_id: int):
    """Publish a draft, or publish a published module's changes as a new version."""
    module = _author_module_or_404(module_id)
    problems = content.publish_problems(module)
    if problems:
        flash("This module cannot be published yet: " + "; ".join(problems) + ".", "error")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    if module.is_published and not module.has_unpublished_changes:
        flash("There are no changes to publish.", "info")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    if not module.is_published:
        if assigning.impact(module).reopens:  # someone has finished: the champion chooses who takes it
            flash("Choose who should take this module before it is published.", "info")
            return redirect(url_for("induction.assign_module", module_id=module.id))
        assigning.assign(module, current_user, "unfinished", None)
        db.session.commit()
        flash(assigning.done_message(module, "unfinished", [], None), "success")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    content.publish(module, current_user)
    db.session.commit()
    flash(f"“{module.title}” is published as version {module.version}. Earlier completions still count.", "success")
    return redirect(url_for("induction.manage_module", module_id=module.id))


def _cannot_assign(module: Module, effect: assigning.Impact) -> str | None:
    """Why a module cannot be assigned now, in words (None when it can)."""
    problems = content.publish_problems(module)
    if problems and not module.is_published:
        return "This module cannot be published yet: " + "; ".join(problems) + "."
    if module.is_published and not effect.reopens:
        return "Everyone with an induction already has this module."
    return None


@bp.route("/manage/modules/<int:module_id>/assign", methods=["GET", "POST"])
@login_required
def assign_module(module_id: int):
    """Publish a new module, choosing who takes it, or assign a published one to people who had finished."""
    module = _author_module_or_404(module_id, *_with_content())
    effect = assigning.impact(module)
    refusal = _cannot_assign(module, effect)
    if refusal:
        flash(refusal, "info")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    form = AssignModuleForm(data=None if request.method == "POST" else {
        "scope": "unfinished" if not module.is_published else "everyone",
        "due_on": progress.today() + timedelta(days=progress.due_days())})
    form.scope.choices = assigning.scope_choices(effect)
    if form.validate_on_submit():
        scope = "everyone" if module.is_published else form.scope.data
        reopened = assigning.assign(module, current_user, scope, form.due_on.data)
        db.session.commit()
        flash(assigning.done_message(module, scope, reopened, form.due_on.data), "success")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    return render_template("induction/manage/assign.html", module=module, form=form, impact=effect), \
        400 if form.is_submitted() else 200


@bp.post("/manage/modules/<int:module_id>/unpublish")
@login_required
def unpublish_module(module_id: int):
    """Take a module back to draft (completions are kept)."""
    module = _author_module_or_404(module_id)
    content.unpublish(module, current_user)
    db.session.commit()
    flash(f"“{module.title}” is now a draft. Learners cannot see it; their completions are kept.", "success")
    return redirect(url_for("induction.manage_module", module_id=module.id))


@bp.route("/manage/modules/<int:module_id>/lessons/new", methods=["GET", "POST"])
@bp.route("/manage/modules/<int:module_id>/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit_lesson(module_id: int, lesson_id: int | None = None):
    """Write or change a lesson (Markdown, checked for personal data)."""
    from champions import privacy

    module = _author_module_or_404(module_id)
    lesson = _lesson_or_404(module, lesson_id) if lesson_id else None
    form = LessonForm(obj=lesson)
    if form.validate_on_submit() and privacy.check_form(form, ["title", "body"]):
        content.save_lesson(module, lesson, form.title.data, form.body.data, current_user)
        db.session.commit()
        flash("Lesson saved.", "success")
        return redirect(url_for("induction.manage_module", module_id=module.id))
    return render_template("induction/manage/lesson_form.html", form=form, module=module, lesson=lesson), \
        400 if form.is_submitted() else 200


@bp.get("/manage/modules/<int:module_id>/lessons/<int:lesson_id>/changes")
@login_required
def lesson_changes(module_id: int, lesson_id: int):
    """Every save of a lesson, newest first, each with the lesson as it was before."""
    module = _author_module_or_404(module_id)
    lesson = _lesson_or_404(module, lesson_id)
    versions = revisions.versions("lesson", lesson.id, current_user)
    return render_template("induction/manage/lesson_changes.html", module=module, lesson=lesson, versions=versions)


@bp.post("/manage/modules/<int:module_id>/lessons/<int:lesson_id>/move")
@login_required
def move_lesson(module_id: int, lesson_id: int):
    """Move a lesson up or down within its module."""
    module = _author_module_or_404(module_id)
    lesson = _lesson_or_404(module, lesson_id)
    lessons = list(module.lessons)
    content.move(lessons, lesson, request.form.get("direction", ""))
    content.touch(module, current_user)
    db.session.commit()
    return redirect(url_for("induction.manage_module", module_id=module.id) + "#lessons")


@bp.route("/manage/modules/<int:module_id>/questions/new", methods=["GET", "POST"])
@bp.route("/manage/modules/<int:module_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit_question(module_id: int, question_id: int | None = None):
    """Write or change a check question and its options."""
    module = _author_module_or_404(module_id)
    question = db.session.get(CheckQuestion, question_id) if question_id else None
    if question_id and (question is None or question.module_id != module.id or not question.active):
        abort(404)
    form = QuestionForm(data=content.question_form_data(question) if question and request.method == "GET" else None)
    if form.validate_on_submit():
        content.save_question(module, question, form, current_user)
        db.session.commit()
        flash("Question saved.", "success")
        return redirect(url_for("induction.manage_module", module_id=module.id) + "#questions")
    return render_template("induction/manage/question_form.html", form=form, module=module, question=question), \
        400 if form.is_submitted() else 200


@bp.post("/manage/modules/<int:module_id>/questions/<int:question_id>/move")
@login_required
def move_question(module_id: int, question_id: int):
    """Move a question up or down, or remove it from the check (it is kept for earlier attempts)."""
    module = _author_module_or_404(module_id)
    question = db.session.get(CheckQuestion, question_id)
    if question is None or question.module_id != module.id or not question.active:
        abort(404)
    direction = request.form.get("direction", "")
    if direction == "remove":
        question.active = False
        audit.record(current_user, "induction.question_remove", question, summary=question.prompt[:200])
    else:
        content.move(list(module.questions), question, direction)
    content.touch(module, current_user)
    db.session.commit()
    return redirect(url_for("induction.manage_module", module_id=module.id) + "#questions")
