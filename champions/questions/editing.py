"""Editing questions and answers, and their history with what changed between versions."""
from __future__ import annotations

import difflib
import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from champions import markdown, permissions
from champions.extensions import db
from champions.questions import bp, queries, service
from champions.questions.forms import AnswerForm
from champions.questions.models import Revision
from champions.questions.views import privacy_ok, question_form, tag_groups

_TOKENS = re.compile(r"\s+|[^\s]+")
ENDORSEMENT_WITHDRAWN = ("Your changes have been saved. Your answer was endorsed by SDS Champions. Because you changed it, "
                         "the endorsement is withdrawn until a champion looks at it again.")


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences as (kind, text) pieces; kind is 'same', 'added' or 'removed'."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("added", "".join(b[j1:j2])))
    return pieces


def history_entries(content_type: str, object_id: int) -> list[dict]:
    """Each revision, newest first, with its changes from the one before."""
    revisions = db.session.scalars(
        select(Revision).where(Revision.content_type == content_type, Revision.object_id == object_id)
        .options(joinedload(Revision.editor)).order_by(Revision.created_at, Revision.id)).all()
    entries, previous = [], None
    for number, revision in enumerate(revisions, 1):
        entries.append({
            "number": number, "revision": revision, "first": previous is None,
            "title_diff": diff(previous.title, revision.title) if previous and previous.title != revision.title else None,
            "body_diff": diff(previous.body, revision.body) if previous else None,
        })
        previous = revision
    return list(reversed(entries))


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(question_id: int):
    """Edit a question (its author or a champion); keeps a revision."""
    question = queries.get_question_or_404(question_id, "question.edit")
    form = question_form(question)
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = markdown.render(form.body.data)
        elif privacy_ok(form, ["title", "body"]):
            service.edit_question(question, current_user, form.title.data, form.body.data or "",
                                  form.tags.data, form.visibility.data)
            db.session.commit()
            flash("Your changes have been saved.", "success")
            return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/edit.html", form=form, question=question, preview=preview,
                           groups=tag_groups(form.all_tags))


@bp.route("/answers/<int:answer_id>/edit", methods=["GET", "POST"])
@login_required
def edit_answer(answer_id: int):
    """Edit an answer (its author or a champion); keeps a revision."""
    answer = queries.get_answer_or_404(answer_id, "answer.edit")
    form = AnswerForm(obj=answer)
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = markdown.render(form.body.data)
        elif form.body.data != answer.body and privacy_ok(form, ["body"]):
            lapsed = service.edit_answer(answer, current_user, form.body.data)
            db.session.commit()
            flash(ENDORSEMENT_WITHDRAWN if lapsed else "Your changes have been saved.", "warning" if lapsed else "success")
            return _to_answer(answer)
        elif form.body.data == answer.body:
            flash("You did not change anything.", "info")
            return _to_answer(answer)
    return render_template("questions/edit_answer.html", form=form, answer=answer, question=answer.question,
                           preview=preview, endorsement_at_stake=service.endorsement_at_stake(answer, current_user))


def _to_answer(answer):
    return redirect(url_for("questions.detail", question_id=answer.question_id, _anchor=f"answer-{answer.id}"))


@bp.get("/<int:question_id>/history")
@login_required
def question_history(question_id: int):
    """Every version of a question and what changed."""
    question = queries.get_question_or_404(question_id)
    return render_template("questions/history.html", question=question, post_label="question",
                           entries=history_entries("question", question.id))


@bp.get("/answers/<int:answer_id>/history")
@login_required
def answer_history(answer_id: int):
    """Every version of an answer and what changed (a withdrawn one only for its author and champions)."""
    answer = queries.get_answer_or_404(answer_id)
    if not permissions.can(current_user, "answer.read", answer):
        abort(404)
    return render_template("questions/history.html", question=answer.question, post_label="answer",
                           entries=history_entries("answer", answer.id))
