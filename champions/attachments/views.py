"""Adding a file to what a person may edit, serving a file to those who may read its parent, removing one."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from champions import permissions
from champions.attachments import bp, files, service, storage
from champions.attachments.forms import AttachForm, check_into, save_into
from champions.attachments.models import Attachment, parent_url
from champions.extensions import db
from champions.limits import writing_limit

# parent kind: (model path, the action that lets a person read it)
PARENT_MODELS = {
    "question": ("champions.questions.models:Question", "question.view"),
    "answer": ("champions.questions.models:Answer", "answer.read"),
    "meeting": ("champions.meetings.models:Meeting", "meeting.view"),
    "practice_example": ("champions.practice.models:PracticeExample", "practice.read"),
    "update": ("champions.updates.models:Update", "updates.read"),
    "resource": ("champions.resources.models:Resource", "resource.read"),
}


class RemoveForm(FlaskForm):
    """Why a champion removes a file, and whether its bytes must go."""

    reason = StringField("Why you are removing it", validators=[Optional(), Length(max=500)])
    personal_data = BooleanField("It holds personal data: delete the file itself, not only hide it")


def _parent_or_404(kind: str, parent_id: int):
    """The parent a file is added to, if the current user may read it (404) and add files to it (403)."""
    if kind not in PARENT_MODELS:
        abort(404)
    model_path, read_action = PARENT_MODELS[kind]
    return permissions.get_or_404(permissions._model(model_path), parent_id, read_action, "attachment.add")


@bp.route("/<kind>/<int:parent_id>/new", methods=["GET", "POST"])
@writing_limit
@login_required
def new(kind: str, parent_id: int):
    """Add a file to a question, answer, meeting, practice example, update or resource."""
    parent = _parent_or_404(kind, parent_id)
    form = AttachForm()
    if form.validate_on_submit():
        checked = check_into(form)
        attachment = save_into(form, checked, parent, current_user) if checked else None
        if attachment is not None:
            db.session.commit()
            flash(f"‘{attachment.filename}’ is attached.", "success")
            url = parent_url(kind, parent)
            return redirect(url if "#" in url else url + "#attachments")
        db.session.rollback()
    status = 400 if form.is_submitted() else 200
    return render_template("attachments/new.html", form=form, parent=parent, kind=kind,
                           parent_url=parent_url(kind, parent), max_label=service.max_label(),
                           allowed=files.ALLOWED_SENTENCE), status


def get_attachment_or_404(attachment_id: int, action: str = "attachment.read") -> Attachment:
    """A file the current user may read (404 otherwise), then the action (403)."""
    return permissions.get_or_404(Attachment, attachment_id, "attachment.read", action)


@bp.get("/<int:attachment_id>/<path:name>")
@login_required
def download(attachment_id: int, name: str):
    """The file itself, to those who may read what it is attached to: downloaded, or shown sandboxed (images, PDF)."""
    attachment = get_attachment_or_404(attachment_id)
    if attachment.bytes_deleted:
        abort(404)
    try:
        data = service.read_bytes(attachment)
    except storage.StorageError:
        abort(404)
    inline = attachment.file_kind in files.INLINE and request.args.get("download") is None
    disposition = "inline" if inline else "attachment"
    ascii_name = attachment.filename.encode("ascii", "ignore").decode() or "file"
    response = Response(data, mimetype=files.TYPES[attachment.file_kind][1])
    response.headers["Content-Disposition"] = (
        f'{disposition}; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(attachment.filename)}')
    response.headers["Content-Security-Policy"] = "sandbox" if attachment.file_kind == "pdf" else \
        "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:attachment_id>/remove", methods=["GET", "POST"])
@login_required
def remove(attachment_id: int):
    """A champion removes a file: hidden from everyone else; with personal data, its bytes are deleted."""
    attachment = get_attachment_or_404(attachment_id, "attachment.remove")
    form = RemoveForm()
    if form.validate_on_submit():
        service.remove(attachment, current_user, bool(form.personal_data.data), (form.reason.data or "").strip())
        db.session.commit()
        flash(f"‘{attachment.filename}’ is removed." + (" The file itself is deleted." if attachment.bytes_deleted
                                                        else ""), "success")
        url = attachment.parent_url
        return redirect(url if "#" in url else url + "#attachments")
    return render_template("attachments/remove.html", form=form, attachment=attachment), \
        400 if form.is_submitted() else 200
