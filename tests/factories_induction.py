"""Factories for induction tests: modules, lessons, questions and options. They add and flush, never commit."""
from __future__ import annotations

from champions import markdown
from champions.extensions import db
from champions.induction.models import CheckOption, CheckQuestion, Lesson, Module


def module(title: str = "The four options", status: str = "published", audience: str = "staff",
           position: int = 1, pass_mark: int = 80, lessons: int = 2, version: int | None = None) -> Module:
    """A module with some lessons (published at version 1 unless a draft)."""
    item = Module(title=title, summary=f"About {title.lower()}.", status=status, audience=audience,
                  position=position, pass_mark=pass_mark,
                  version=version if version is not None else (1 if status == "published" else 0))
    db.session.add(item)
    db.session.flush()
    for n in range(1, lessons + 1):
        lesson(item, f"{title}: lesson {n}", f"Lesson {n} of **{title}**.", position=n)
    db.session.refresh(item)
    return item


def lesson(parent: Module, title: str = "A lesson", body: str = "Some *text*.", position: int | None = None) -> Lesson:
    """A lesson in a module."""
    item = Lesson(module_id=parent.id, title=title, body=body, body_html=str(markdown.render(body)),
                  position=position if position is not None else len(parent.lessons) + 1)
    db.session.add(item)
    db.session.flush()
    db.session.expire(parent, ["lessons"])
    return item


def question(parent: Module, prompt: str = "Which is option 1?", options=(("Direct payment", True), ("A loan", False)),
             explanation: str = "Option 1 is a direct payment.") -> CheckQuestion:
    """A check question with options given as (text, correct) pairs."""
    item = CheckQuestion(module_id=parent.id, position=len(parent.questions) + 1, prompt=prompt,
                         explanation=explanation, explanation_html=str(markdown.render(explanation)))
    db.session.add(item)
    db.session.flush()
    for n, (text, correct) in enumerate(options, start=1):
        db.session.add(CheckOption(question_id=item.id, position=n, text=text, correct=correct))
    db.session.flush()
    db.session.expire(parent, ["questions"])
    db.session.expire(item, ["options"])
    return item
