"""The review queue and a champion's three outcomes: confirm, edit (on the answer's edit page), mark out of date."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from champions import audit, permissions, privacy, search
from champions.accuracy import bp
from champions.accuracy.forms import OutOfDateForm
from champions.accuracy.models import get_or_new
from champions.accuracy.queue import due_answers_query, out_of_date_query
from champions.auth.models import User
from champions.extensions import db
from champions.notifications.service import notify
from champions.practice.queries import due_for_review_query
from champions.resources.queries import due_for_review_query as resources_due_query
from champions.questions.models import Answer, Follow
from champions.questions.service import title_cleared
from champions.questions.state import notification_level


def _answer(answer_id: int) -> Answer:
    """An answer the champion may check: 404 when they may not read it, 403 when it is not out in the open."""
    return permissions.get_or_404(Answer, answer_id, "answer.read", "accuracy.check_answer")


@bp.get("/")
@login_required
def queue():
    """Accepted and endorsed answers due a check, answers marked out of date, and practice examples and
    resources past their review date."""
    permissions.require("accuracy.queue")
    due = db.session.execute(due_answers_query()).all()
    stale = db.session.execute(out_of_date_query()).all()
    examples = db.session.scalars(due_for_review_query()).all()
    resources = db.session.scalars(resources_due_query()).all()
    return render_template("accuracy/queue.html", due=due, stale=stale, examples=examples, resources=resources)


@bp.post("/answers/<int:answer_id>/confirm")
@login_required
def confirm(answer_id: int):
    """Still right: a new checked date, shown to readers; any out-of-date warning is lifted."""
    answer = _answer(answer_id)
    check = get_or_new("answer", answer.id)
    was_out_of_date = check.out_of_date
    check.confirm(current_user)
    search.enqueue("question", answer.question_id)  # it ranks with current answers again
    audit.record(current_user, "answer.checked", answer, summary="Confirmed the answer is still accurate",
                 after={"out_of_date_lifted": was_out_of_date})
    db.session.commit()
    flash("Thank you. The answer now shows today's date as when it was last checked.", "success")
    return redirect(url_for("accuracy.queue"))


@bp.route("/answers/<int:answer_id>/out-of-date", methods=["GET", "POST"])
@login_required
def out_of_date(answer_id: int):
    """Mark an answer out of date with a reason: readers see a warning, the asker and followers are told."""
    answer = _answer(answer_id)
    form = OutOfDateForm()
    if not (form.validate_on_submit() and privacy.check_form(form, ["reason"])):
        return render_template("accuracy/out_of_date.html", form=form, answer=answer, question=answer.question)
    reason = " ".join(form.reason.data.split())
    get_or_new("answer", answer.id).mark_out_of_date(current_user, reason)
    search.enqueue("question", answer.question_id)  # search now ranks it below current answers
    audit.record(current_user, "answer.out_of_date", answer, summary="Marked the answer out of date",
                 after={"reason": reason})
    _tell_readers(answer)
    db.session.commit()
    flash("The answer is marked out of date. Readers see your reason at the top of it.", "success")
    return redirect(url_for("questions.detail", question_id=answer.question_id, _anchor=f"answer-{answer.id}"))


def _tell_readers(answer: Answer) -> None:
    """Tell the asker and the question's followers (who may still read it) that an answer is out of date."""
    question = answer.question
    followers = select(Follow.user_id).where(Follow.question_id == question.id)
    people = db.session.scalars(select(User).where(or_(User.id == question.author_id, User.id.in_(followers))))
    title = (f"An answer was marked out of date: {question.title}" if title_cleared(question)
             else "An answer to a question you follow was marked out of date")
    notify(people, kind="answer_out_of_date", title=title, url=f"{question.url}#answer-{answer.id}",
           visibility=notification_level(question), actor=current_user, subject=f"question:{question.id}")
