"""Editing questions and answers, and their history with what changed between versions."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from champions import permissions, revisions
from champions.extensions import db
from champions.limits import writing_limit
from champions.questions import bp, queries, service
from champions.questions.forms import AnswerForm
from champions.questions import review
from champions.people import mentions
from champions.questions.views import (guard_found, held_message, mentions_ok, privacy_ok, question_form,
                                       tag_groups)

ENDORSEMENT_WITHDRAWN = ("Your changes have been saved. Your answer was endorsed by SDS Champions. Because you changed it, "
                         "the endorsement is withdrawn until a champion looks at it again.")


def history_page(content_type: str, object_id: int) -> tuple:
    """One page of the versions this person may read, newest first, each with its changes from the one before."""
    return revisions.history(content_type, object_id, current_user, fields=("title", "body"))


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit_question(question_id: int):
    """Edit a question (its author or a champion); keeps a revision."""
    question = queries.get_question_or_404(question_id, "question.edit")
    form = question_form(question)
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = mentions.render(form.body.data)
            privacy_ok(form, ["title", "body"])  # the same warning as on saving
            mentions_ok(form, _edited_label(question, form))
        elif privacy_ok(form, ["title", "body"]) and mentions_ok(form, _edited_label(question, form)):
            service.edit_question(question, current_user, form.title.data, form.body.data or "",
                                  form.tags.data, form.visibility.data)
            review.after_edit(guard_found(form, ["title", "body"]), question, current_user)
            db.session.commit()
            _saved(question, "question")
            return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/edit.html", form=form, question=question, preview=preview,
                           groups=tag_groups(form.all_tags))


@bp.route("/answers/<int:answer_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit_answer(answer_id: int):
    """Edit an answer (its author or a champion); keeps a revision."""
    answer = queries.get_answer_or_404(answer_id, "answer.edit")
    form = AnswerForm(obj=answer)
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = mentions.render(form.body.data)
            privacy_ok(form, ["body"])  # the same warning as on saving
            mentions_ok(form, permissions.ANSWER.access_label(answer))
        elif form.body.data != answer.body and privacy_ok(form, ["body"]) \
                and mentions_ok(form, permissions.ANSWER.access_label(answer)):
            lapsed = service.edit_answer(answer, current_user, form.body.data)
            review.after_edit(guard_found(form, ["body"]), answer, current_user)
            db.session.commit()
            if lapsed:
                flash(ENDORSEMENT_WITHDRAWN, "warning")
            else:
                _saved(answer, "answer")
            return _to_answer(answer)
        elif form.body.data == answer.body:
            flash("You did not change anything.", "info")
            return _to_answer(answer)
    return render_template("questions/edit_answer.html", form=form, answer=answer, question=answer.question,
                           preview=preview, endorsement_at_stake=service.endorsement_at_stake(answer, current_user))


def _edited_label(question, form):
    """Who may read the question once saved: its state, at the level chosen in the form (if one may be chosen)."""
    label = permissions.QUESTION.access_label(question)
    level = form.visibility.data if not question.author.is_partner else None
    if level in permissions.VISIBILITY_LABELS and label.level == question.visibility:
        return permissions.AccessLabel(level, label.owner_id)
    return label


def _saved(post, post_label: str) -> None:
    flash(held_message(post_label) if post.held else "Your changes have been saved.",
          "warning" if post.held else "success")


def _to_answer(answer):
    return redirect(url_for("questions.detail", question_id=answer.question_id, _anchor=f"answer-{answer.id}"))


@bp.get("/<int:question_id>/history")
@login_required
def question_history(question_id: int):
    """Every version of a question and what changed."""
    question = queries.get_question_or_404(question_id)
    page, entries = history_page("question", question.id)
    return render_template("questions/history.html", question=question, post_label="question", page=page,
                           entries=entries, endpoint="questions.question_history", page_args={"question_id": question.id})


@bp.get("/answers/<int:answer_id>/history")
@login_required
def answer_history(answer_id: int):
    """Every version of an answer and what changed (a withdrawn one only for its author and champions)."""
    answer = queries.get_answer_or_404(answer_id)
    if not permissions.can(current_user, "answer.read", answer):
        abort(404)
    page, entries = history_page("answer", answer.id)
    return render_template("questions/history.html", question=answer.question, post_label="answer", page=page,
                           entries=entries, endpoint="questions.answer_history", page_args={"answer_id": answer.id})
