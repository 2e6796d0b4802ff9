"""Practice examples: the champions' queues and the workflow buttons."""
from __future__ import annotations

import re

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from champions import permissions
from champions.extensions import db
from champions.params import to_int
from champions.practice import bp, queries
from champions.practice.forms import LinkQuestionForm, ReturnForm
from champions.practice.models import PracticeExample
from champions.practice.notices import announce
from champions.practice.views import _question_visible, get_example_or_404, render_detail
from champions.practice import workflow
from champions.questions.models import Question
from sqlalchemy import select
from sqlalchemy.orm import joinedload


@bp.get("/review")
@login_required
def review_queue():
    """Examples submitted for review, oldest first."""
    permissions.require("practice.review")
    examples = db.session.scalars(select(PracticeExample).options(joinedload(PracticeExample.author))
                                  .where(PracticeExample.status == "submitted")
                                  .order_by(PracticeExample.submitted_at, PracticeExample.id)).all()
    return render_template("practice/list.html", examples=examples, heading="Practice examples awaiting review",
                           empty="Nothing is waiting for review.", queue="review")


@bp.get("/due")
@login_required
def due():
    """Published examples past their review date: confirm they are still accurate, or archive them."""
    permissions.require("practice.review")
    examples = db.session.scalars(queries.due_for_review_query()).all()
    return render_template("practice/list.html", examples=examples, heading="Practice examples due for review",
                           empty="No published example is past its review date.", queue="due")


def _act(example_id: int, action: str, comment: str = ""):
    """Run one workflow action for the current user, refusing illegal ones with a message."""
    example = get_example_or_404(example_id, f"practice.{action}")
    return workflow.act(announce, example, action, current_user, comment,
                        url_for("practice.detail", example_id=example_id))


@bp.post("/<int:example_id>/submit")
@login_required
def submit(example_id: int):
    """The author submits a draft or returned example for review."""
    return _act(example_id, "submit")


@bp.post("/<int:example_id>/publish")
@login_required
def publish(example_id: int):
    """A champion publishes a submitted example."""
    return _act(example_id, "publish")


@bp.post("/<int:example_id>/return")
@login_required
def return_example(example_id: int):
    """A champion returns a submitted example to its author with comments."""
    example = get_example_or_404(example_id, "practice.return")
    form = ReturnForm()
    if not form.validate_on_submit():
        return render_detail(example, return_form=form)
    return _act(example_id, "return", form.comment.data.strip())


@bp.post("/<int:example_id>/archive")
@login_required
def archive(example_id: int):
    """A champion archives a published example."""
    return _act(example_id, "archive")


@bp.post("/<int:example_id>/restore")
@login_required
def restore(example_id: int):
    """A champion restores an archived example to the library."""
    return _act(example_id, "restore")


@bp.post("/<int:example_id>/confirm-review")
@login_required
def confirm_review(example_id: int):
    """A champion confirms a published example is still accurate (next review in 12 months)."""
    return _act(example_id, "confirm_review")


@bp.post("/<int:example_id>/questions")
@login_required
def link_question(example_id: int):
    """Link a related question, given its number or address; a wrong one is shown on the page, as typed."""
    example = get_example_or_404(example_id, "practice.link_questions")
    form = LinkQuestionForm()
    question = _question_from(form.question.data) if form.validate_on_submit() else None
    if question is None:
        if not form.question.errors:
            form.question.errors = ["Enter the number or address of a question you can see, for example 12"]
        return render_detail(example, link_form=form)
    if question not in example.questions:
        example.questions.append(question)
        db.session.commit()
        flash(f"Linked the question ‘{question.title}’.", "success")
    else:
        flash(f"The question ‘{question.title}’ is already linked.", "success")
    return redirect(url_for("practice.detail", example_id=example.id) + "#related-questions")


def _question_from(typed: str | None) -> Question | None:
    """The question a number or address ("12", "/questions/12/") names, if this person can see it."""
    match = re.search(r"(\d+)\s*/?\s*$", typed or "")
    number = to_int(match.group(1)) if match else None
    question = db.session.get(Question, number) if number else None
    return question if question is not None and _question_visible(question) else None


@bp.post("/<int:example_id>/questions/<int:question_id>/remove")
@login_required
def unlink_question(example_id: int, question_id: int):
    """Remove the link between an example and a question (neither is deleted)."""
    example = get_example_or_404(example_id, "practice.link_questions")
    example.questions = [q for q in example.questions if q.id != question_id]
    db.session.commit()
    flash("The question is no longer linked.", "success")
    return redirect(url_for("practice.detail", example_id=example.id) + "#related-questions")
