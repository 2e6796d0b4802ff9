"""Induction for new staff: the learner's views (modules, lessons, checks, statement, learning log)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from champions import permissions, revisions
from champions.extensions import db
from champions.induction import bp, checks, progress
from champions.induction.forms import ReflectionForm, check_form_class, check_seed, shuffled_options
from champions.induction.models import CheckAttempt, CheckQuestion, Lesson, Module, ModuleCompletion, Reflection


def get_module_or_404(module_id: int, *load) -> Module:
    """Load a module this person may see (drafts only for champions previewing), else 404; `load`: eager loads."""
    module = db.session.get(Module, module_id, options=load)
    if module is None or not permissions.can(current_user, "induction.view_module", module):
        abort(404)
    return module


def get_lesson_or_404(module: Module, lesson_id: int) -> Lesson:
    """A lesson of this module (a lesson id from another module is a 404); no query when its lessons are loaded."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.module_id != module.id:
        abort(404)
    return lesson


def require_learning(module: Module) -> None:
    """Progress is only recorded on published modules; a preview records nothing."""
    if not permissions.can(current_user, "induction.learn", module):
        abort(403)


@bp.get("/")
@login_required
def index():
    """The person's induction: modules as a task list with progress and due date."""
    permissions.require("induction.view")
    view = progress.page_overview(current_user)
    continue_to = progress.continue_url(current_user, view.next_state.module, view.next_state) if view.next_state else None
    return render_template("induction/index.html", view=view, continue_to=continue_to, today=progress.today())


@bp.get("/modules/<int:module_id>")
@login_required
def module(module_id: int):
    """A module: its lessons, the check, and where to carry on."""
    item = get_module_or_404(module_id)
    state = progress.module_state(current_user, item)
    return render_template("induction/module.html", module=item, state=state,
                           continue_to=progress.continue_url(current_user, item, state))


@bp.get("/modules/<int:module_id>/lessons/<int:lesson_id>")
@login_required
def lesson(module_id: int, lesson_id: int):
    """A lesson with previous/next, 'Mark as complete' and the private reflections box."""
    item = get_module_or_404(module_id, joinedload(Module.lessons))
    page = get_lesson_or_404(item, lesson_id)
    return _render_lesson(item, page, None)


def _render_lesson(item: Module, page: Lesson, form: ReflectionForm | None):
    learning = permissions.can(current_user, "induction.learn", item)
    state = progress.module_state(current_user, item)
    recording = learning and form is None
    if recording:
        # Opening a lesson changes none of what this page shows of `state`; committed once the page is rendered.
        progress.record_view_in(current_user, page, state)
    reflection = db.session.scalar(select(Reflection).where(
        Reflection.user_id == current_user.id, Reflection.lesson_id == page.id))
    if form is None:
        form = ReflectionForm(text=reflection.text if reflection else "")
    index_of = item.lessons.index(page)
    page_html = render_template(
        "induction/lesson.html", module=item, lesson=page, state=state, form=form, reflection=reflection,
        earlier=revisions.versions("reflection", reflection.id, current_user) if reflection else [],
        learning=learning, number=index_of + 1,
        previous=item.lessons[index_of - 1] if index_of > 0 else None,
        next=item.lessons[index_of + 1] if index_of + 1 < len(item.lessons) else None)
    if recording:
        # After rendering: a commit first would expire the person, module and lessons, and reload each.
        db.session.commit()
    return page_html


@bp.post("/modules/<int:module_id>/lessons/<int:lesson_id>/complete")
@login_required
def complete_lesson(module_id: int, lesson_id: int):
    """Mark a lesson complete, saving the reflection typed with it, then go on to the next lesson or the check."""
    item = get_module_or_404(module_id)
    page = get_lesson_or_404(item, lesson_id)
    require_learning(item)
    form = ReflectionForm()
    # The reflection box is in the same form: what was typed is saved, never thrown away.
    if "text" in request.form and not _reflection_ok(form):
        return _render_lesson(item, page, form), 400
    saved = "text" in request.form and _keep_reflection(page, form.text.data or "")
    completion = progress.mark_lesson_complete(current_user, page)
    db.session.commit()
    also = " Your reflections are saved." if saved else ""
    if completion is not None:
        flash(f"You have completed “{item.title}”.{also}", "success")
        return redirect(url_for("induction.index"))
    flash(f"“{page.title}” is marked as complete.{also}", "success")
    return redirect(progress.continue_url(current_user, item))


def _reflection_ok(form: ReflectionForm) -> bool:
    from champions import privacy

    return form.validate_on_submit() and privacy.check_form(form, ["text"])


def _keep_reflection(page: Lesson, text: str) -> bool:
    """Save the person's reflection on a lesson, keeping the earlier text; False when nothing changed."""
    reflection = db.session.scalar(select(Reflection).where(
        Reflection.user_id == current_user.id, Reflection.lesson_id == page.id))
    if reflection is None:
        if not text:
            return False
        reflection = Reflection(user_id=current_user.id, lesson_id=page.id, text="")
        db.session.add(reflection)
    return reflection.keep_and_change(text)


@bp.post("/modules/<int:module_id>/lessons/<int:lesson_id>/reflection")
@login_required
def save_reflection(module_id: int, lesson_id: int):
    """Save the person's private reflections on a lesson."""
    item = get_module_or_404(module_id)
    page = get_lesson_or_404(item, lesson_id)
    require_learning(item)
    form = ReflectionForm()
    if not _reflection_ok(form):
        return _render_lesson(item, page, form), 400
    changed = _keep_reflection(page, form.text.data or "")
    db.session.commit()
    flash("Your reflections are saved. Only you can see them." if changed else "Your reflections have not changed.",
          "success")
    return redirect(url_for("induction.lesson", module_id=item.id, lesson_id=page.id) + "#reflections")


@bp.route("/modules/<int:module_id>/check", methods=["GET", "POST"])
@login_required
def check(module_id: int):
    """The module's knowledge check: attempts left and any wait, the questions, then the result."""
    item = get_module_or_404(module_id, joinedload(Module.questions).selectinload(CheckQuestion.options))
    if not item.questions:
        abort(404)
    allowed = checks.allowance(current_user, item)
    last, before = checks.latest_attempt(current_user.id, item)
    # A page opened before an attempt in another window (or shown again by Back) numbered its options in the
    # order of that earlier attempt: read the answers in the order the page showed.
    shown = request.form.get("shown_after", type=int)
    shown_after = shown if shown is not None and 0 <= shown <= before else before
    form = check_form_class(item.questions, seed=check_seed(current_user.id, shown_after))()
    learning = permissions.can(current_user, "induction.learn", item)
    if form.is_submitted() and learning and not allowed.can_try:
        flash("You cannot take the check again yet: see below.", "error")
        return redirect(url_for("induction.check", module_id=item.id))
    if form.validate_on_submit():
        require_learning(item)
        answers = {q.id: form.chosen_options(q) for q in item.questions}
        attempt = progress.record_attempt(current_user, item, answers)
        db.session.commit()
        return redirect(url_for("induction.attempt", module_id=item.id, attempt_id=attempt.id))
    status = 400 if form.is_submitted() else 200
    return render_template("induction/check.html", module=item, form=form, learning=learning, allowed=allowed,
                           last=last, shown_after=shown_after), status


@bp.get("/modules/<int:module_id>/check/attempts/<int:attempt_id>")
@login_required
def attempt(module_id: int, attempt_id: int):
    """The result of one of the person's own attempts; the right answers only after a pass or the last attempt."""
    item = get_module_or_404(module_id)
    result = db.session.get(CheckAttempt, attempt_id)
    if result is None or result.module_id != item.id or not permissions.can(current_user, "induction.own_record", result.user_id):
        abort(404)
    state = progress.module_state(current_user, item)
    allowed = checks.allowance(current_user, item)
    seed = check_seed(result.user_id, checks.attempts_before(result.user_id, item, result.id))
    return render_template("induction/attempt.html", module=item, attempt=result, answers=result.answers,
                           state=state, current=result.module_version == item.version, allowed=allowed,
                           reveal=result.passed or allowed.reveals_answers or state.is_complete,
                           options={q.id: shuffled_options(q, seed) for q in item.questions})


@bp.get("/statement")
@login_required
def statement():
    """A printable statement of completion, once every module is complete."""
    permissions.require("induction.view")
    view = progress.page_overview(current_user)
    dates = {}
    for completion in db.session.scalars(select(ModuleCompletion).where(
            ModuleCompletion.user_id == current_user.id).order_by(ModuleCompletion.completed_at)):
        dates.setdefault(completion.module_id, completion)
    return render_template("induction/statement.html", view=view, dates=dates, today=progress.today())


@bp.get("/log")
@login_required
def log():
    """The person's own learning log: their reflections by date and lesson. Nobody else's, ever."""
    permissions.require("induction.view")
    entries = db.session.scalars(
        select(Reflection).join(Lesson).where(Reflection.user_id == current_user.id,
                                              or_(Reflection.text != "", Reflection.revisions.any()))
        .order_by(Reflection.updated_at.desc())).all()
    return render_template("induction/log.html", entries=entries)
