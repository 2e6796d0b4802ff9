"""Buttons on the question page: accept, endorse, helpful, follow, close, lock, hide, withdraw, report."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from champions import audit, permissions, search
from champions.extensions import db
from champions.moderation.models import Flag
from champions.questions import bp, moderate, queries, service
from champions.moderation.forms import FlagForm
from champions.questions.forms import CloseForm, HideForm
from champions.questions.models import HelpfulVote, Question
from champions.timeutil import utcnow


def _back(question_id: int, anchor: str | None = None):
    return redirect(url_for("questions.detail", question_id=question_id, _anchor=anchor))


@bp.post("/answers/<int:answer_id>/accept")
@login_required
def accept(answer_id: int):
    """Accept this answer (or un-accept it when it already is)."""
    answer = queries.get_answer_or_404(answer_id, "answer.accept")
    question = answer.question
    if question.accepted_answer_id == answer.id:
        question.accepted_answer_id = None
        flash("The answer is no longer marked as accepted.", "success")
    else:
        question.accepted_answer_id = answer.id
        if answer.author_id != question.author_id:  # an asker who answered is told once, below, when a champion accepts
            service.notify_answer_author(answer, current_user, "answer_accepted", "accepted")
        if question.author_id == current_user.id:
            flash("Answer accepted. The question shows as resolved.", "success")
        else:  # a champion, on the asker's behalf: audited, and the asker is told
            audit.record(current_user, "answer.accept_on_behalf", answer, summary=question.title)
            service.notify_asker_of_acceptance(answer, current_user)
            flash("Answer accepted on the asker's behalf. They have been told and can change it.", "success")
    service.touch(question)
    service.refresh(question)
    db.session.commit()
    return _back(question.id, f"answer-{answer.id}")


@bp.post("/answers/<int:answer_id>/endorse")
@login_required
def endorse(answer_id: int):
    """Endorse an answer on behalf of the SDS Champions, or withdraw the endorsement."""
    answer = queries.get_answer_or_404(answer_id, "answer.endorse")
    endorsed = not answer.endorsed
    moderate.set_endorsed(answer, current_user, endorsed)
    if endorsed:
        service.notify_answer_author(answer, current_user, "answer_endorsed", "endorsed")
    db.session.commit()
    flash("Answer endorsed." if endorsed else "Endorsement withdrawn.", "success")
    return _back(answer.question_id, f"answer-{answer.id}")


@bp.post("/answers/<int:answer_id>/helpful")
@login_required
def helpful(answer_id: int):
    """Mark an answer helpful, or take the mark back (one per person per answer)."""
    answer = queries.get_answer_or_404(answer_id, "answer.vote")
    vote = db.session.scalar(select(HelpfulVote).where(HelpfulVote.answer_id == answer.id,
                                                       HelpfulVote.user_id == current_user.id))
    if vote is None:
        db.session.add(HelpfulVote(answer_id=answer.id, user_id=current_user.id))
        answer.helpful_count += 1
    else:
        db.session.delete(vote)
        answer.helpful_count = max(0, answer.helpful_count - 1)
    db.session.commit()
    return _back(answer.question_id, f"answer-{answer.id}")


@bp.post("/<int:question_id>/follow")
@login_required
def follow(question_id: int):
    """Follow a question, or stop following it."""
    question = queries.get_question_or_404(question_id, "question.follow")
    if service.is_following(question, current_user):
        service.unfollow(question, current_user)
        flash("You are no longer following this question.", "success")
    else:
        service.follow(question, current_user)
        flash("You are following this question. You will be told about new answers.", "success")
    db.session.commit()
    return _back(question.id)


def _offer_matches(form: CloseForm, question: Question) -> list[Question] | None:
    """Questions matching the title search, offered as choices (None when nothing was searched for)."""
    if not form.find.data:
        return None
    matches = queries.duplicate_candidates(question, current_user, form.find.data[:150])
    form.duplicate_choice.choices = [SelectChoice(q.id, f"{q.title} (question {q.id})") for q in matches]
    return matches


def _duplicate_target(form: CloseForm, question: Question) -> Question | None:
    """The question this one duplicates, or None with the reason shown by the field it came from."""
    field = form.duplicate_choice if form.duplicate_choice.data else form.duplicate_of
    target = db.session.get(Question, form.target_id())
    if target is None or not permissions.can(current_user, "question.view", target):
        problem = "not found"
    else:
        problem = permissions.duplicate_target_problem(question, target)
    if problem is None:
        return target
    if problem == "narrower":
        field.errors.append(f"‘{target.title}’ is seen only by {target.visibility_label.lower()}, and this question "
                            f"by {question.visibility_label.lower()}: choose a question that everyone who can see "
                            "this one can also see")
    elif problem == "hidden":
        field.errors.append(f"‘{target.title}’ is hidden or withdrawn: choose a question that everyone who can see "
                            "this one can also see")
    else:
        field.errors.append("Enter the number of another question you can see")
    return None


@bp.route("/<int:question_id>/close", methods=["GET", "POST"])
@login_required
def close(question_id: int):
    """Close a question with a reason; a duplicate's target is found by its title, or by number or link."""
    question = queries.get_question_or_404(question_id, "question.close")
    form = CloseForm()
    matches = _offer_matches(form, question)
    # "Search titles" with an empty search box but a number typed: Enter in the number box means close.
    finding = "find_titles" in request.form and (form.find.data or not form.duplicate_of.data)
    if not finding and form.validate_on_submit():
        duplicate = _duplicate_target(form, question) if form.reason.data == "duplicate" else None
        if form.reason.data != "duplicate" or duplicate is not None:
            moderate.close(question, current_user, form.reason.data, duplicate)
            db.session.commit()
            flash("The question is closed.", "success")
            return _back(question.id)
    return render_template("questions/close.html", question=question, form=form, matches=matches,
                           finding=finding)


@bp.post("/<int:question_id>/reopen")
@login_required
def reopen(question_id: int):
    """Reopen a closed question."""
    question = queries.get_question_or_404(question_id, "question.close")
    moderate.reopen(question, current_user)
    db.session.commit()
    flash("The question is open again.", "success")
    return _back(question.id)


@bp.post("/<int:question_id>/lock")
@login_required
def lock(question_id: int):
    """Lock the thread against new answers, or unlock it."""
    question = queries.get_question_or_404(question_id, "question.lock")
    moderate.set_locked(question, current_user, not question.locked)
    db.session.commit()
    flash("The question is locked: no new answers." if question.locked else "The question is unlocked.", "success")
    return _back(question.id)


@bp.post("/<int:question_id>/meeting")
@login_required
def flag_for_meeting(question_id: int):
    """Flag the question for the next champions' meeting, or remove the flag."""
    question = queries.get_question_or_404(question_id, "question.flag_for_meeting")
    question.flagged_for_meeting = not question.flagged_for_meeting
    question.flagged_for_meeting_by_id = current_user.id if question.flagged_for_meeting else None
    question.flagged_for_meeting_at = utcnow() if question.flagged_for_meeting else None
    audit.record(current_user, "question.flag_for_meeting", question, after={"flagged": question.flagged_for_meeting})
    db.session.commit()
    flash("Flagged for the next champions' meeting." if question.flagged_for_meeting
          else "No longer flagged for the next champions' meeting.", "success")
    return _back(question.id)


@bp.post("/<int:question_id>/withdraw")
@login_required
def withdraw(question_id: int):
    """The asker withdraws their question while it has no answers."""
    question = queries.get_question_or_404(question_id, "question.withdraw")
    question.withdrawn = True
    service.sync_notifications(question)
    search.enqueue("question", question.id)
    db.session.commit()
    flash("Your question has been withdrawn. Nobody else can see it now.", "success")
    return redirect(url_for("questions.index"))


@bp.route("/answers/<int:answer_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_answer(answer_id: int):
    """The author withdraws their answer, after confirming (it is kept and shown as withdrawn)."""
    answer = queries.get_answer_or_404(answer_id, "answer.withdraw")
    form = FlaskForm()
    if form.validate_on_submit():
        service.withdraw_answer(answer, current_user)
        db.session.commit()
        flash("Your answer has been withdrawn. Others see only that it was withdrawn; you can put it back.",
              "success")
        return _back(answer.question_id, f"answer-{answer.id}")
    return render_template("questions/withdraw_answer.html", form=form, answer=answer, question=answer.question)


@bp.post("/answers/<int:answer_id>/unwithdraw")
@login_required
def unwithdraw_answer(answer_id: int):
    """The author puts their withdrawn answer back."""
    answer = queries.get_answer_or_404(answer_id, "answer.unwithdraw")
    service.unwithdraw_answer(answer, current_user)
    db.session.commit()
    flash("Your answer is shown again.", "success")
    return _back(answer.question_id, f"answer-{answer.id}")


def _hide_form(post, question, action: str):
    form = HideForm()
    if form.validate_on_submit():
        moderate.hide(post, current_user, form.reason.data)
        db.session.commit()
        flash("Hidden. Only SDS Champions can see it now.", "success")
        return _back(question.id)
    return render_template("questions/hide.html", form=form, question=question, post=post, action=action)


@bp.route("/<int:question_id>/hide", methods=["GET", "POST"])
@login_required
def hide_question(question_id: int):
    """Hide a question with a reason."""
    question = queries.get_question_or_404(question_id, "question.hide")
    return _hide_form(question, question, url_for("questions.hide_question", question_id=question.id))


@bp.route("/answers/<int:answer_id>/hide", methods=["GET", "POST"])
@login_required
def hide_answer(answer_id: int):
    """Hide an answer with a reason."""
    answer = queries.get_answer_or_404(answer_id, "answer.hide")
    return _hide_form(answer, answer.question, url_for("questions.hide_answer", answer_id=answer.id))


@bp.post("/<int:question_id>/restore")
@login_required
def restore_question(question_id: int):
    """Show a hidden question again."""
    question = queries.get_question_or_404(question_id, "question.hide")
    moderate.restore(question, current_user)
    db.session.commit()
    flash("The question is visible again.", "success")
    return _back(question.id)


@bp.post("/answers/<int:answer_id>/restore")
@login_required
def restore_answer(answer_id: int):
    """Show a hidden answer again."""
    answer = queries.get_answer_or_404(answer_id, "answer.hide")
    moderate.restore(answer, current_user)
    db.session.commit()
    flash("The answer is visible again.", "success")
    return _back(answer.question_id, f"answer-{answer.id}")


def _report(content_type: str, post, question):
    form = FlagForm()
    if form.validate_on_submit():
        db.session.add(Flag(content_type=content_type, object_id=post.id, reason=form.reason.data,
                            note=form.note.data or "", reporter_id=current_user.id))
        db.session.commit()
        flash("Thank you. The SDS Champions will look at it.", "success")
        return _back(question.id)
    return render_template("questions/report.html", form=form, question=question, post=post,
                           content_type=content_type)


@bp.route("/<int:question_id>/report", methods=["GET", "POST"])
@login_required
def report_question(question_id: int):
    """Report a question to the champions."""
    question = queries.get_question_or_404(question_id, "question.flag")
    return _report("question", question, question)


@bp.route("/answers/<int:answer_id>/report", methods=["GET", "POST"])
@login_required
def report_answer(answer_id: int):
    """Report an answer to the champions."""
    answer = queries.get_answer_or_404(answer_id, "answer.flag")
    return _report("answer", answer, answer.question)
