"""The agenda builder: suggestions, free items, order, notes and decisions, linked questions, issues."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from champions.extensions import db
from champions.limits import writing_limit
from champions.markdown import render
from champions.people import mentions
from champions.meetings import agenda, bp, service
from champions.meetings.forms import AddSuggestionForm, FreeItemForm, IssueForm, ItemNotesForm, LinkQuestionForm
from champions.meetings.models import AgendaItem, IssueIdentified, Meeting
from champions.params import to_int


def _item_or_404(meeting_id: int, item_id: int, removed_ok: bool = False):
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id or (item.removed and not removed_ok):
        abort(404)
    return meeting, item


def _render_agenda(meeting, free_form=None):
    upcoming = agenda.next_meeting()
    return render_template("meetings/agenda.html", meeting=meeting, suggestions=agenda.suggestions(meeting, upcoming),
                           next_meeting=upcoming,
                           free_form=free_form or FreeItemForm(), add_form=AddSuggestionForm())


@bp.get("/<int:meeting_id>/agenda")
@login_required
def agenda_builder(meeting_id: int):
    """Build the agenda from suggestions and free items, and put it in order."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit", options=(
        selectinload(Meeting.items).selectinload(AgendaItem.questions),))
    return _render_agenda(meeting)


@bp.post("/<int:meeting_id>/agenda/add")
@login_required
def agenda_add(meeting_id: int):
    """Add a suggestion (flagged or waiting question, earlier action, regular update) to the agenda."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    form = AddSuggestionForm()
    item = None
    ref = to_int(form.ref.data) if form.validate_on_submit() else None
    if ref is not None:
        service.changed(meeting, current_user, "Added an agenda item")
        item = agenda.add_suggestion(meeting, form.kind.data, ref)
    if item is None:
        db.session.rollback()
        flash("That suggestion is no longer available.", "error")
    else:
        db.session.commit()
        flash(f"Added to the agenda: {item.title}", "success")
    return redirect(url_for("meetings.agenda_builder", meeting_id=meeting.id))


@bp.post("/<int:meeting_id>/agenda/free")
@login_required
def agenda_free(meeting_id: int):
    """Add an item typed in by a champion."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    form = FreeItemForm()
    if not form.validate_on_submit() or not service.personal_data_ok(form, ["free_title"]):
        return _render_agenda(meeting, free_form=form)
    service.changed(meeting, current_user, "Added an agenda item")
    item = agenda.add_item(meeting, form.free_title.data.strip())
    db.session.commit()
    flash(f"Added to the agenda: {item.title}", "success")
    return redirect(url_for("meetings.agenda_builder", meeting_id=meeting.id))


@bp.post("/<int:meeting_id>/items/<int:item_id>/move/<any(up, down):direction>")
@login_required
def item_move(meeting_id: int, item_id: int, direction: str):
    """Move an agenda item up or down."""
    meeting, item = _item_or_404(meeting_id, item_id)
    service.changed(meeting, current_user, f"Moved '{item.title}' {direction}")
    agenda.move(item, direction)
    db.session.commit()
    return redirect(url_for("meetings.agenda_builder", meeting_id=meeting.id, _anchor=f"item-{item.id}"))


@bp.post("/<int:meeting_id>/items/<int:item_id>/remove")
@login_required
def item_remove(meeting_id: int, item_id: int):
    """Take an item off the agenda (kept, marked removed)."""
    meeting, item = _item_or_404(meeting_id, item_id, removed_ok=True)
    if not item.removed:
        service.changed(meeting, current_user, f"Removed '{item.title}' from the agenda")
        item.removed = True
        db.session.commit()
    flash(f"Removed from the agenda: {item.title}", "success")
    return redirect(url_for("meetings.agenda_builder", meeting_id=meeting.id))


def _render_item(meeting, item, form=None, link_form=None):
    return render_template("meetings/item.html", meeting=meeting, item=item,
                           form=form or ItemNotesForm(obj=item), link_form=link_form or LinkQuestionForm())


@bp.route("/<int:meeting_id>/items/<int:item_id>", methods=["GET", "POST"])
@writing_limit
@login_required
def item_edit(meeting_id: int, item_id: int):
    """Write the notes and decisions for one agenda item."""
    meeting, item = _item_or_404(meeting_id, item_id)
    form = ItemNotesForm(obj=item)
    if not form.validate_on_submit() or not service.personal_data_ok(form, ["title", "notes", "decisions"]) \
            or not mentions.check_fields(form, ["notes", "decisions"], service.notes_audience(meeting)):
        return _render_item(meeting, item, form)
    service.changed(meeting, current_user, f"Edited the notes for '{item.title}'")
    before = f"{item.notes}\n\n{item.decisions}"
    item.title, item.notes, item.decisions = form.title.data.strip(), form.notes.data or "", form.decisions.data or ""
    item.notes_html, item.decisions_html = str(mentions.render(item.notes)), str(mentions.render(item.decisions))
    service.tell_mentioned(meeting, current_user, f"{item.notes}\n\n{item.decisions}", before)
    db.session.commit()
    flash(f"Notes saved for: {item.title}", "success")
    return redirect(url_for("meetings.agenda_builder", meeting_id=meeting.id, _anchor=f"item-{item.id}"))


@bp.post("/<int:meeting_id>/items/<int:item_id>/questions")
@login_required
def item_link(meeting_id: int, item_id: int):
    """Link questions to an agenda item by number or link."""
    meeting, item = _item_or_404(meeting_id, item_id)
    form = LinkQuestionForm()
    ids = agenda.parse_question_refs(form.question.data) if form.validate_on_submit() else None
    found, missing = agenda.find_questions(ids or [])
    if not ids or missing:
        if form.question.data and not form.question.errors:
            form.question.errors.append("Enter question numbers (like 12) or links to questions on the Hub"
                                        if not ids else f"No question with the number {', '.join(map(str, missing))}")
        return _render_item(meeting, item, link_form=form)
    service.changed(meeting, current_user, f"Linked questions to '{item.title}'")
    item.questions.extend(q for q in found if q not in item.questions)
    db.session.commit()
    flash("Question linked.", "success")
    return redirect(url_for("meetings.item_edit", meeting_id=meeting.id, item_id=item.id))


@bp.post("/<int:meeting_id>/items/<int:item_id>/questions/<int:question_id>/unlink")
@login_required
def item_unlink(meeting_id: int, item_id: int, question_id: int):
    """Unlink a question from an agenda item."""
    meeting, item = _item_or_404(meeting_id, item_id)
    service.changed(meeting, current_user, f"Unlinked a question from '{item.title}'")
    item.questions = [q for q in item.questions if q.id != question_id]
    db.session.commit()
    flash("Question unlinked.", "success")
    return redirect(url_for("meetings.item_edit", meeting_id=meeting.id, item_id=item.id))


@bp.route("/<int:meeting_id>/issues/new", methods=["GET", "POST"])
@writing_limit
@login_required
def issue_new(meeting_id: int):
    """Record an issue the meeting identified, with the questions behind it."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    form = IssueForm()
    valid = form.validate_on_submit()
    ids = agenda.parse_question_refs(form.questions.data) if form.is_submitted() else []
    found, missing = agenda.find_questions(ids or [])
    if form.is_submitted() and (ids is None or missing):
        valid = False
        form.questions.errors = list(form.questions.errors) + [
            "Enter question numbers (like 12) or links to questions on the Hub" if ids is None
            else f"No question with the number {', '.join(map(str, missing))}"]
    if not valid or not service.personal_data_ok(form, ["text"]):
        return render_template("meetings/issue_form.html", meeting=meeting, form=form)
    service.changed(meeting, current_user, "Added an issue identified")
    db.session.add(IssueIdentified(meeting=meeting, text=form.text.data.strip(), text_html=str(render(form.text.data)),
                                   questions=found))
    db.session.commit()
    flash("Issue recorded.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id, _anchor="issues"))


@bp.post("/<int:meeting_id>/issues/<int:issue_id>/remove")
@login_required
def issue_remove(meeting_id: int, issue_id: int):
    """Take an issue off the notes (kept, marked removed)."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    issue = db.session.get(IssueIdentified, issue_id)
    if issue is None or issue.meeting_id != meeting.id:
        abort(404)
    service.changed(meeting, current_user, "Removed an issue identified")
    issue.removed = True
    db.session.commit()
    flash("Issue removed from the notes.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id, _anchor="issues"))
