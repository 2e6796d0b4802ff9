"""Filling the example form's choices, and saving what was typed into an example."""
from __future__ import annotations

from sqlalchemy import select

from wtforms.fields.choices import SelectChoice

from champions import markdown, privacy, search
from champions.auth.models import User
from champions.extensions import db
from champions.practice.forms import ExampleForm
from champions.practice.models import FACETS, PracticeExample
from champions.practice.notices import sync_notifications
from champions.practice.workflow import next_review_date, save_revision
from champions.questions.models import Tag
from champions.timeutil import utcnow

TEXT_FIELDS = ["title", "summary", "situation", "action", "outcomes_text", "team_or_area"]
TAG_FIELDS = {kind: f"{kind}_ids" for kind in FACETS}


def prepare_form(form: ExampleForm, user) -> ExampleForm:
    """Give the form its choices: taxonomy tags by facet and the champions who can be contacts."""
    tags = db.session.scalars(select(Tag).where(Tag.kind.in_(FACETS)).order_by(Tag.sort_order, Tag.name)).all()
    for kind, field_name in TAG_FIELDS.items():
        form[field_name].choices = [SelectChoice(tag.id, tag.name) for tag in tags if tag.kind == kind]
    champions = db.session.scalars(
        select(User).where(User.role.in_(("champion", "admin")), User.is_member).order_by(User.display_name)).all()
    form.contact_id.choices = [SelectChoice(0, "Choose a champion")] + [SelectChoice(c.id, c.display_name) for c in champions]
    if not form.is_submitted() and not form.contact_id.data and user.is_champion:
        form.contact_id.data = user.id
    return form


def fill_form(form: ExampleForm, example: PracticeExample) -> None:
    """Put an existing example's values into a form shown for editing."""
    for name in TEXT_FIELDS + ["visibility", "review_due_on", "anonymised_confirmed"]:
        form[name].data = getattr(example, name)
    form.contact_id.data = example.contact_id or 0
    for kind, field_name in TAG_FIELDS.items():
        form[field_name].data = [tag.id for tag in example.tags_of(kind)]


def contact_error(form: ExampleForm) -> bool:
    """Add an error when the chosen contact is not an active champion; True when there was one."""
    if not form.contact_id.data:
        return False
    person = db.session.get(User, form.contact_id.data)
    if person is None or not person.is_champion or not person.active:
        form.contact_id.errors = list(form.contact_id.errors) + ["Choose an SDS Champion from the list"]
        return True
    return False


def form_is_valid(form: ExampleForm) -> bool:
    """Run every check (the fields, the contact, personal data) so that one submit shows every problem."""
    fields_ok = form.validate()
    contact_ok = not contact_error(form)
    private_ok = privacy.check_form(form, TEXT_FIELDS)
    return fields_ok and contact_ok and private_ok


def apply_form(example: PracticeExample, form: ExampleForm, editor) -> PracticeExample:
    """Copy the form into the example, render its Markdown, keep a revision and queue it for search."""
    for name in TEXT_FIELDS:
        setattr(example, name, (form[name].data or "").strip())
    example.situation_html = str(markdown.render(example.situation))
    example.action_html = str(markdown.render(example.action))
    example.outcomes_html = str(markdown.render(example.outcomes_text))
    example.visibility = form.visibility.data if form.visibility.data in ("staff", "partners") else "staff"
    example.contact_id = form.contact_id.data or None
    example.anonymised_confirmed = bool(form.anonymised_confirmed.data)
    if form.review_due_on.data:
        example.review_due_on = form.review_due_on.data
    elif example.status == "published":  # cleared: "blank means 12 months after publishing", from now
        example.review_due_on = next_review_date()
    else:
        example.review_due_on = None  # publishing sets it
    chosen = [i for field_name in TAG_FIELDS.values() for i in (form[field_name].data or [])]
    example.tags = db.session.scalars(select(Tag).where(Tag.id.in_(chosen))).all() if chosen else []
    example.updated_at = utcnow()
    db.session.add(example)
    db.session.flush()
    save_revision(example, editor)
    sync_notifications(example)  # its visibility may have changed
    search.enqueue("practice_example", example.id)
    return example
