"""Progress and completion rules: what a person has done, what counts as complete, and assignments."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app, g, has_app_context, has_request_context, url_for
from sqlalchemy import String, case, event, literal, select, union_all, update
from sqlalchemy.orm import Session, joinedload

from champions import permissions
from champions.extensions import db
from champions.induction.models import (Assignment, CheckAttempt, CheckQuestion, Lesson, LessonProgress, Module,
                                        ModuleCompletion)
from champions.timeutil import to_local, utcnow

STAFF_ROLES = ("practitioner", "champion", "admin")
STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed",
                 "earlier": "Completed an earlier version"}
STATUS_COLOURS = {"not_started": "grey", "in_progress": "blue", "completed": "green", "earlier": "green"}


def due_days() -> int:
    """Days from account creation to the induction's due date (INDUCTION_DUE_DAYS, default 28)."""
    return int(current_app.config.get("INDUCTION_DUE_DAYS", 28)) if has_app_context() else 28


def today() -> date:
    """Today's date in Europe/London."""
    return to_local(utcnow()).date()


def published_modules(user) -> list[Module]:
    """The published modules this person may take, in order (filtered in SQL by audience), with their lessons."""
    # Lessons joined to their modules: a handful of rows, one query instead of two.
    return list(db.session.scalars(
        select(Module).where(permissions.INDUCTION_MODULE.open_clause(user))
        .options(joinedload(Module.lessons)).order_by(Module.position, Module.id)).unique())


@dataclass
class ModuleState:
    """One module as a person sees it: status in words, and where 'Continue' goes."""

    module: Module
    status: str
    earlier_version: int | None = None
    done_lessons: set[int] = field(default_factory=set)
    passed_check: bool = False
    seen_lessons: set[int] = field(default_factory=set)  # opened (or done): they have a LessonProgress row

    @property
    def label(self) -> str:
        if self.status == "earlier":
            return f"Completed an earlier version (v{self.earlier_version})"
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def is_complete(self) -> bool:
        """Complete at this version or an earlier one (a completion is never taken away)."""
        return self.status in ("completed", "earlier")


def module_state(user, module: Module) -> ModuleState:
    """Work out a person's status for one module."""
    return module_states(user, [module])[0]


def module_states(user, modules: list[Module]) -> list[ModuleState]:
    """Each module's status for this person, in one query however many modules there are."""
    if not modules:
        return []
    ids = [module.id for module in modules]
    # Lessons viewed or done, completions and check attempts of every module at once: (module, number, what),
    # the number being a lesson id for lessons and a module version for the others.
    lessons = select(Lesson.module_id, LessonProgress.lesson_id,
                     case((LessonProgress.completed_at.isnot(None), "lesson_done"), else_="lesson_viewed")) \
        .join(Lesson, Lesson.id == LessonProgress.lesson_id) \
        .where(LessonProgress.user_id == user.id, Lesson.module_id.in_(ids))
    completions = select(ModuleCompletion.module_id, ModuleCompletion.module_version,
                         literal("completed", String)).where(
        ModuleCompletion.user_id == user.id, ModuleCompletion.module_id.in_(ids))
    attempts = select(CheckAttempt.module_id, CheckAttempt.module_version,
                      case((CheckAttempt.passed, "passed"), else_="attempted")).where(
        CheckAttempt.user_id == user.id, CheckAttempt.module_id.in_(ids)).distinct()
    progress: dict[int, list] = {}
    records: dict[int, list] = {}
    for module_id, number, what in db.session.execute(union_all(lessons, completions, attempts)):
        if what.startswith("lesson_"):
            progress.setdefault(module_id, []).append((number, what == "lesson_done"))
        else:
            records.setdefault(module_id, []).append((number, what))
    return [_state(module, progress.get(module.id, []), records.get(module.id, [])) for module in modules]


def _state(module: Module, progress: list, records: list) -> ModuleState:
    """A module's status from the person's (lesson, done?) progress and (version, completed/passed/attempted) records."""
    done = {lesson_id for lesson_id, lesson_done in progress if lesson_done}
    versions = {version for version, what in records if what == "completed"}
    passed = any(what == "passed" and version == module.version for version, what in records)
    attempted = any(what != "completed" for _version, what in records)
    state = ModuleState(module, "not_started", done_lessons=done, passed_check=passed,
                        seen_lessons={lesson_id for lesson_id, _done in progress})
    if module.version in versions:
        state.status = "completed"
    elif versions:
        state.status, state.earlier_version = "earlier", max(versions)
    elif progress or attempted:
        state.status = "in_progress"
    return state


def continue_url(user, module: Module, state: ModuleState | None = None) -> str:
    """Where to pick a module up: the first incomplete lesson, then the check, else the last lesson viewed."""
    state = state or module_state(user, module)
    for lesson in module.lessons:
        if lesson.id not in state.done_lessons:
            return url_for("induction.lesson", module_id=module.id, lesson_id=lesson.id)
    if module.questions and not state.passed_check:
        return url_for("induction.check", module_id=module.id)
    last = db.session.scalar(select(LessonProgress).join(Lesson).where(
        LessonProgress.user_id == user.id, Lesson.module_id == module.id)
        .order_by(LessonProgress.last_viewed_at.desc()).limit(1))
    if last is not None:
        return url_for("induction.lesson", module_id=module.id, lesson_id=last.lesson_id)
    return url_for("induction.module", module_id=module.id)


@dataclass
class Overview:
    """A person's whole induction: each module's state and the totals, and other modules they may take."""

    states: list[ModuleState]
    assignment: Assignment | None
    extra: list[ModuleState] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.states)

    @property
    def completed(self) -> int:
        return sum(1 for s in self.states if s.is_complete)

    @property
    def all_complete(self) -> bool:
        if self.assignment is not None and self.assignment.completed_at is not None:
            return True
        return self.total > 0 and self.completed == self.total

    @property
    def overdue(self) -> bool:
        return bool(self.assignment and not self.all_complete and self.assignment.due_on < today())

    @property
    def next_state(self) -> ModuleState | None:
        return next((s for s in self.states if not s.is_complete), None)


def overview(user) -> Overview:
    """The modules in this person's induction with their states, their assignment, and any other modules."""
    states = module_states(user, published_modules(user))
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == user.id))
    if assignment is not None and assignment.completed_at is not None:
        # A completed induction stays complete: a module published since is not part of it (a champion
        # may assign it to everyone, which reopens the induction); the person may still take it.
        return Overview([s for s in states if s.is_complete], assignment, [s for s in states if not s.is_complete])
    return Overview(states, assignment)


def page_overview(user) -> Overview:
    """`overview(user)` kept for the rest of the request: the home page's panel and "Needs you" share one.

    Only for showing a page: code that changes progress calls `overview` for the state it has just written.
    """
    if not has_request_context():
        return overview(user)
    cached = g.get("hub_induction_overview")
    if cached is None or cached[0] != user.id:
        cached = g.hub_induction_overview = (user.id, overview(user))
    return cached[1]


def record_view(user, lesson: Lesson) -> LessonProgress:
    """Note that the person opened a lesson (so 'Continue' can bring them back)."""
    progress = db.session.scalar(select(LessonProgress).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id))
    if progress is None:
        progress = LessonProgress(user_id=user.id, lesson_id=lesson.id)
        db.session.add(progress)
    progress.last_viewed_at = utcnow()
    return progress


def record_view_in(user, lesson: Lesson, state: ModuleState) -> None:
    """`record_view` without reading the progress first: `state`, just read, says whether they had opened it."""
    if lesson.id in state.seen_lessons:
        db.session.execute(update(LessonProgress).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id).values(last_viewed_at=utcnow()))
    else:
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, last_viewed_at=utcnow()))


def mark_lesson_complete(user, lesson: Lesson) -> ModuleCompletion | None:
    """Mark a lesson complete; returns the module completion if that finished the module."""
    progress = record_view(user, lesson)
    if progress.completed_at is None:
        progress.completed_at = utcnow()
    db.session.flush()
    return complete_module_if_done(user, lesson.module)


def complete_module_if_done(user, module: Module) -> ModuleCompletion | None:
    """Record a completion at the current version once every lesson is done and the check (if any) passed."""
    state = module_state(user, module)
    if state.status == "completed" or not module.lessons:
        return None
    if any(lesson.id not in state.done_lessons for lesson in module.lessons):
        return None
    if module.questions and not state.passed_check:
        return None
    completion = ModuleCompletion(user_id=user.id, module_id=module.id, module_version=module.version)
    db.session.add(completion)
    db.session.flush()
    _update_assignment(user)
    return completion


def _update_assignment(user) -> None:
    assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == user.id))
    if assignment is not None and assignment.completed_at is None and overview(user).all_complete:
        assignment.completed_at = utcnow()


def score_check(questions: list[CheckQuestion], answers: dict[int, set[int]]) -> int:
    """How many questions were answered exactly right (every correct option and no wrong one)."""
    return sum(1 for q in questions if answers.get(q.id, set()) == q.correct_ids)


def record_attempt(user, module: Module, answers: dict[int, set[int]]) -> CheckAttempt:
    """Score and store an attempt at a module's check; complete the module if that finishes it."""
    questions = module.questions
    score = score_check(questions, answers)
    total = len(questions)
    attempt = CheckAttempt(
        user_id=user.id, module_id=module.id, module_version=module.version,
        answers_json=json.dumps({str(k): sorted(v) for k, v in answers.items()}),
        score=score, total=total, passed=bool(total) and score * 100 >= module.pass_mark * total)
    db.session.add(attempt)
    db.session.flush()
    if attempt.passed:
        complete_module_if_done(user, module)
    return attempt


def assign_core_induction(user, due_on: date | None = None) -> Assignment:
    """Assign the core induction (every published module) to a person, due INDUCTION_DUE_DAYS after they joined."""
    existing = db.session.scalar(select(Assignment).where(Assignment.user_id == user.id)) if user.id else None
    if existing is not None:
        return existing
    joined = to_local(user.created_at).date() if user.created_at else today()
    assignment = Assignment(user=user, due_on=due_on or joined + timedelta(days=due_days()))
    db.session.add(assignment)
    return assignment


def _became_staff(user) -> bool:
    """Was this saved account's role just changed from a non-staff role (a partner) to a staff role?"""
    from sqlalchemy import inspect

    history = inspect(user).attrs.role.history
    return (user.role in STAFF_ROLES and bool(history.deleted)
            and all(old not in STAFF_ROLES for old in history.deleted))


def _just_confirmed(user) -> bool:
    """Did this staff account just confirm its email address (and so become a member)?"""
    from sqlalchemy import inspect

    history = inspect(user).attrs.email_confirmed_at.history
    return user.role in STAFF_ROLES and user.email_confirmed_at is not None and None in (history.deleted or ())


def _assign_new_staff(session, _context, _instances) -> None:
    """Every new staff member, and every account that becomes a staff member, gets the core induction when saved.

    An unconfirmed sign-up is not a member yet: it is assigned when it confirms its email address.
    """
    from champions.auth.models import User

    limit = utcnow() - timedelta(days=due_days())
    for obj in list(session.new):
        if (isinstance(obj, User) and obj.role in STAFF_ROLES and obj.email_confirmed_at is not None
                and (obj.created_at is None or obj.created_at >= limit)):
            session.add(Assignment(user=obj, due_on=(to_local(obj.created_at).date() if obj.created_at else today())
                                   + timedelta(days=due_days())))
    for obj in list(session.dirty):
        if (isinstance(obj, User) and obj.id is not None and obj.email_confirmed_at is not None
                and (_became_staff(obj) or _just_confirmed(obj))):
            with session.no_autoflush:
                assigned = session.scalar(select(Assignment.id).where(Assignment.user_id == obj.id))
            if assigned is None:
                # Due from the day they joined the staff, like a bulk assignment of an existing account.
                session.add(Assignment(user=obj, due_on=today() + timedelta(days=due_days())))


def init_app(app) -> None:
    """Listen to every session's flushes for new staff members (called from create_app, so a reader sees it)."""
    if not event.contains(Session, "before_flush", _assign_new_staff):
        event.listen(Session, "before_flush", _assign_new_staff)
