"""Filling the resource form's choices, checking it, and saving it with its first file."""
from __future__ import annotations

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from champions import privacy, revisions, search
from champions.attachments.forms import check_into, has_file, save_into
from champions.auth.models import Organisation
from champions.extensions import db
from champions.practice.workflow import next_review_date
from champions.questions.models import Tag
from champions.resources.models import FACETS, Resource
from champions.resources.workflow import sync_notifications
from champions.timeutil import utcnow

TEXT_FIELDS = ["title", "summary"]
TAG_FIELDS = {kind: f"{kind}_ids" for kind in FACETS}


def prepare_form(form, user):
    """Give the form its choices: the taxonomy by facet, and (for champions) the partner organisations."""
    tags = db.session.scalars(select(Tag).where(Tag.kind.in_(FACETS)).order_by(Tag.sort_order, Tag.name)).all()
    for kind, field_name in TAG_FIELDS.items():
        form[field_name].choices = [SelectChoice(tag.id, tag.name) for tag in tags if tag.kind == kind]
    if user.is_champion:
        organisations = db.session.scalars(select(Organisation).where(
            Organisation.kind == "partner", Organisation.active.is_(True)).order_by(Organisation.name)).all()
        form.organisation_id.choices = [SelectChoice(0, "SDS Champions")] + [
            SelectChoice(o.id, o.name) for o in organisations]
    else:
        own = user.organisation if user.role == "partner" else None
        form.organisation_id.choices = [SelectChoice(own.id, own.name)] if own else [SelectChoice(0, "SDS Champions")]
        form.organisation_id.data = own.id if own else 0
    return form


def fill_form(form, resource: Resource) -> None:
    """An existing resource's values, for editing."""
    for name in ("title", "summary", "kind", "link_url", "visibility", "review_due_on"):
        form[name].data = getattr(resource, name)
    form.organisation_id.data = resource.organisation_id or 0
    for kind, field_name in TAG_FIELDS.items():
        form[field_name].data = [tag.id for tag in resource.tags_of(kind)]


def check(form, resource: Resource | None):
    """Every check at once (fields, personal data in the words and in the file); returns the checked file or None.

    A new resource needs a file or a link (an edited one keeps its files). Returns (ok, checked file).
    """
    fields_ok = form.validate()
    words_ok = privacy.check_form(form, TEXT_FIELDS)
    checked = check_into(form, required=False) if has_file(form.file) else None
    file_ok = not has_file(form.file) or checked is not None
    if resource is None and not has_file(form.file) and not (form.link_url.data or "").strip():
        form.file.errors = list(form.file.errors) + ["Choose a file to upload, or enter a link to the resource"]
        file_ok = False
    return fields_ok and words_ok and file_ok, checked


def apply_form(resource: Resource, form, editor, checked=None):
    """Copy the form into the resource and save its file; None (form errors set) when the file could not be saved."""
    resource.title = form.title.data.strip()
    resource.summary = form.summary.data.strip()
    resource.kind = form.kind.data
    resource.link_url = (form.link_url.data or "").strip()
    resource.visibility = form.visibility.data if form.visibility.data in ("staff", "partners") else "staff"
    if editor.is_champion:
        resource.organisation_id = form.organisation_id.data or None
    elif editor.role == "partner":
        resource.organisation_id = editor.organisation_id
    if form.review_due_on.data:
        resource.review_due_on = form.review_due_on.data
    elif resource.status == "published":
        resource.review_due_on = next_review_date()
    chosen = [i for field_name in TAG_FIELDS.values() for i in (form[field_name].data or [])]
    resource.tags = db.session.scalars(select(Tag).where(Tag.id.in_(chosen))).all() if chosen else []
    resource.updated_at = utcnow()
    db.session.add(resource)
    db.session.flush()
    fields = dict(title=resource.title, summary=resource.summary, link_url=resource.link_url,
                  tag_names=", ".join(tag.name for tag in resource.tags))
    revisions.record("resource", resource, editor, **fields)  # its text after each save, as every content type
    revisions.forget_removed_personal_data("resource", resource.id, "\n".join(fields.values()))
    if checked is not None and save_into(form, checked, resource, editor) is None:
        return None
    sync_notifications(resource)
    search.enqueue("resource", resource.id)
    return resource
