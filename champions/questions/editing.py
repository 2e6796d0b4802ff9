"""Editing questions and answers, and their history with what changed between versions."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from champions import markdown, params, permissions
from champions.extensions import db
from champions.limits import writing_limit
from champions.questions import bp, queries, service
from champions.questions.forms import AnswerForm
from champions.questions.models import Revision
from champions.questions import review
from champions.questions.views import guard_found, held_message, privacy_ok, question_form, tag_groups
from champions.textdiff import diff

ENDORSEMENT_WITHDRAWN = ("Your changes have been saved. Your answer was endorsed by SDS Champions. Because you changed it, "
                         "the endorsement is withdrawn until a champion looks at it again.")
HISTORY_PER_PAGE = 10


def history_page(content_type: str, object_id: int) -> tuple:
    """One page of the versions this person may read, newest first, each with its changes from the one before."""
    same = (Revision.content_type == content_type, Revision.object_id == object_id)
    latest = select(func.max(Revision.id)).where(*same).scalar_subquery()
    # Versions made while the question was narrower than the reader's access stay hidden; the latest is
    # the text on the question page, which they may read.
    newest_first = (select(Revision).where(*same, or_(permissions.visibility_clause(Revision.visibility, current_user),
                                                      Revision.id == latest))
                    .options(joinedload(Revision.editor)).order_by(Revision.created_at.desc(), Revision.id.desc()))
    page = params.paginate(newest_first, per_page=HISTORY_PER_PAGE)
    revisions = list(page.items)
    # The version before the oldest on this page, to show what that one changed.
    older = db.session.scalars(newest_first.offset(page.page * HISTORY_PER_PAGE).limit(1)).first()
    first_id = db.session.scalar(select(func.min(Revision.id)).where(*same))
    entries = []
    for index, (revision, before) in enumerate(zip(revisions, [*revisions[1:], older])):
        entries.append({
            "number": page.total - (page.page - 1) * HISTORY_PER_PAGE - index, "revision": revision,
            "before": before, "first": before is None, "original": revision.id == first_id,
            "title_diff": diff(before.title, revision.title) if before and before.title != revision.title else None,
            "body_diff": diff(before.body, revision.body) if before else None,
        })
    return page, entries


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
            preview = markdown.render(form.body.data)
            privacy_ok(form, ["title", "body"])  # the same warning as on saving
        elif privacy_ok(form, ["title", "body"]):
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
            preview = markdown.render(form.body.data)
            privacy_ok(form, ["body"])  # the same warning as on saving
        elif form.body.data != answer.body and privacy_ok(form, ["body"]):
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
