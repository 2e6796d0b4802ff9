"""Demo induction: five published modules, and people at every stage so the report has something to show."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from champions import markdown
from champions.auth.demo import ensure_user
from champions.auth.models import Organisation, User
from champions.extensions import db
from champions.induction import content, progress
from champions.induction.demo_content import MODULES
from champions.induction.models import (Assignment, CheckAttempt, CheckOption, CheckQuestion, LessonProgress, Module,
                                        ModuleCompletion)
from champions.timeutil import utcnow

# email, name, job title, team, days since joining, modules completed (None: all), lessons started in the next
EXTRA_STAFF = [
    ("jamie.reid@example.org", "Jamie Reid", "Occupational therapist", "North Locality Team", 40, None, 0),
    ("morven.hay@example.org", "Morven Hay", "Care manager", "North Locality Team", 12, 2, 1),
    ("callum.fraser@example.org", "Callum Fraser", "Social worker", "South Locality Team", 45, 1, 0),
]


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph (the Markdown keeps line breaks), leaving lists and tables alone."""
    lines: list[str] = []
    for line in text.split("\n"):
        block = re.match(r"\s*([-*|#>]|\d+\.)", line)
        if lines and lines[-1].strip() and line.strip() and not block and not re.match(r"\s*[|#]", lines[-1]):
            lines[-1] = lines[-1].rstrip() + " " + line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


def _module(spec: dict, position: int, author: User) -> Module:
    module = db.session.scalar(select(Module).where(Module.title == spec["title"]))
    if module is not None:
        return module
    module = Module(title=spec["title"], summary=spec["summary"], position=position, audience="staff",
                    pass_mark=66, created_by_id=author.id, updated_by_id=author.id)
    db.session.add(module)
    db.session.flush()
    for title, body in spec["lessons"]:
        content.save_lesson(module, None, title, unwrap(body), author)
    for number, (prompt, options, explanation) in enumerate(spec["questions"], start=1):
        question = CheckQuestion(module_id=module.id, position=number, prompt=prompt, explanation=explanation,
                                 explanation_html=str(markdown.render(explanation)))
        db.session.add(question)
        db.session.flush()
        for n, (text, correct) in enumerate(options, start=1):
            db.session.add(CheckOption(question_id=question.id, position=n, text=text, correct=correct))
    db.session.flush()
    db.session.expire(module)
    content.publish(module, author)
    return module


def _complete(user: User, module: Module, days_ago: int) -> None:
    """Record a finished module (lessons, a passed check, the completion) as of some days ago (never before joining)."""
    when = max(utcnow() - timedelta(days=days_ago), user.created_at)
    for lesson in module.lessons:
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, completed_at=when, last_viewed_at=when))
    answers = {str(q.id): sorted(q.correct_ids) for q in module.questions}
    db.session.add(CheckAttempt(user_id=user.id, module_id=module.id, module_version=module.version,
                                answers_json=json.dumps(answers), score=len(answers), total=len(answers),
                                passed=True, created_at=when))
    db.session.add(ModuleCompletion(user_id=user.id, module_id=module.id, module_version=module.version, completed_at=when))


def _progress(user: User, modules: list[Module], done: int | None, started: int) -> None:
    if db.session.scalar(select(LessonProgress.id).where(LessonProgress.user_id == user.id).limit(1)):
        return  # already seeded
    done = len(modules) if done is None else done
    for index, module in enumerate(modules[:done]):
        _complete(user, module, days_ago=max(1, 20 - 4 * index))
    if done < len(modules):
        for lesson in modules[done].lessons[:started]:
            when = max(utcnow() - timedelta(hours=3), user.created_at)
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, completed_at=when))
    else:
        assignment = db.session.scalar(select(Assignment).where(Assignment.user_id == user.id))
        if assignment is not None and assignment.completed_at is None:
            assignment.completed_at = utcnow() - timedelta(days=1)


def seed() -> None:
    """Five published modules; newstarter@ has done module 1 and started module 2; others complete, in progress, overdue."""
    author = User.by_email("champion@example.org")
    if author is None:
        return
    modules = [_module(spec, n, author) for n, spec in enumerate(MODULES, start=1)]
    db.session.flush()
    council = db.session.scalar(select(Organisation).where(Organisation.kind == "council").order_by(Organisation.id))
    people = [(User.by_email("newstarter@example.org"), 1, 1), (User.by_email("practitioner@example.org"), 0, 0)]
    for email, name, title, team_name, days, done, started in EXTRA_STAFF:
        team = next((t for t in council.teams if t.name == team_name), None) if council else None
        people.append((ensure_user(email, name, "practitioner", title, council, team, days), done, started))
    for user, done, started in people:
        if user is None:
            continue
        due = progress.today() + timedelta(days=21) if user.email == "practitioner@example.org" else None
        progress.assign_core_induction(user, due)
        db.session.flush()
        _progress(user, modules, done, started)
