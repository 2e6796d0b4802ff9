"""The resources library, a resource, adding and editing one, and new versions of its files."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from champions import params, permissions, search
from champions.attachments.forms import check_into, save_into
from champions.attachments.models import Attachment
from champions.extensions import db
from champions.limits import writing_limit
from champions.practice import workflow
from champions.resources import bp, queries
from champions.resources.editing import apply_form, check, fill_form, prepare_form
from champions.resources.forms import ResourceForm, ReturnForm, VersionForm
from champions.resources.models import FACETS, Resource
from champions.resources.workflow import move

PER_PAGE = 20


def get_resource_or_404(resource_id: int, action: str = "resource.read") -> Resource:
    """A resource the current user may read (404 otherwise), then the action (403)."""
    return permissions.get_or_404(Resource, resource_id, "resource.read", action)


@bp.get("/")
@login_required
def index():
    """The library of published resources, with filters that combine and counts for each value."""
    chosen = queries.chosen_from_args(request.args)
    kinds = queries.kinds_from_args(request.args)
    sort = request.args.get("sort") if request.args.get("sort") in queries.SORTS else "newest"
    page = params.paginate(queries.library_query(current_user, chosen, kinds, sort), PER_PAGE)
    counts = queries.facet_counts(current_user, chosen, kinds)
    groups = [("kind", "Kind of resource", counts["kind"])] + [(f, label, counts[f]) for f, label in FACETS.items()]
    return render_template("resources/index.html", page=page, chosen=chosen, kinds=kinds, sort=sort,
                           sorts=queries.SORTS, filter_groups=groups,
                           filter_args=dict(chosen) | {"kind": kinds, "sort": sort})


@bp.get("/mine")
@login_required
def mine():
    """The person's own resources: drafts, returned, awaiting review, published."""
    permissions.require("resource.create")
    resources = db.session.scalars(queries.mine_query(current_user)).all()
    return render_template("resources/list.html", resources=resources, heading="My resources",
                           empty="You have not added a resource yet.")


@bp.route("/new", methods=["GET", "POST"])
@writing_limit
@login_required
def new():
    """Add a resource: champions publish it; staff and partners send it to a champion for review."""
    permissions.require("resource.create")
    form = prepare_form(ResourceForm(), current_user)
    if form.is_submitted():
        ok, checked = check(form, None)
        if ok:
            resource = apply_form(Resource(author_id=current_user.id, status="draft"), form, current_user, checked)
            if resource is not None:
                action = None if "save_draft" in request.form else "publish" if current_user.is_champion else "submit"
                message = move(resource, action, current_user) if action else "Your draft is saved."
                db.session.commit()
                flash(message, "success")
                return redirect(url_for("resources.detail", resource_id=resource.id))
            db.session.rollback()  # the file could not be stored: no half-saved resource
    return render_template("resources/form.html", form=form, resource=None), 400 if form.is_submitted() else 200


@bp.get("/<int:resource_id>")
@login_required
def detail(resource_id: int):
    """One resource: its files (and their earlier versions), link, classification and the actions open to the reader."""
    return render_detail(get_resource_or_404(resource_id))


def render_detail(resource: Resource, return_form: ReturnForm | None = None):
    """The resource's page; with a rejected return form, shown again with its errors (status 400)."""
    page = render_template("resources/detail.html", resource=resource, facets=FACETS,
                           return_form=return_form or ReturnForm(formdata=None))
    return page, 400 if return_form is not None else 200


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit(resource_id: int):
    """Edit a resource's description, classification and sharing (files: add one, or a new version)."""
    resource = get_resource_or_404(resource_id, "resource.edit")
    form = prepare_form(ResourceForm(), current_user)
    form.saved_review_due_on = resource.review_due_on
    if not form.is_submitted():
        fill_form(form, resource)
    else:
        ok, checked = check(form, resource)
        if ok and apply_form(resource, form, current_user, checked) is not None:
            wants_submit = "submit_for_review" in request.form and resource.status in ("draft", "returned")
            message = move(resource, "submit", current_user) if wants_submit else "Your changes are saved."
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("resources.detail", resource_id=resource.id))
        if ok:
            db.session.rollback()
    return render_template("resources/form.html", form=form, resource=resource), 400 if form.is_submitted() else 200


@bp.route("/<int:resource_id>/files/<int:attachment_id>/version", methods=["GET", "POST"])
@writing_limit
@login_required
def new_version(resource_id: int, attachment_id: int):
    """Upload a new version of one of the resource's files; the earlier version stays listed beneath it."""
    resource = get_resource_or_404(resource_id, "resource.edit")
    earlier = permissions.get_or_404(Attachment, attachment_id, "attachment.read")
    if earlier.resource_id != resource.id or earlier.replaced_by_id is not None or earlier.hidden:
        abort(404)
    form = VersionForm()
    if form.validate_on_submit():
        checked = check_into(form)
        attachment = save_into(form, checked, resource, current_user) if checked else None
        if attachment is not None:
            earlier.replaced_by_id = attachment.id
            db.session.flush()
            search.enqueue("attachment", earlier.id)
            search.enqueue("resource", resource.id)
            db.session.commit()
            flash(f"The new version, ‘{attachment.filename}’, is saved. The earlier one is still listed.", "success")
            return redirect(url_for("resources.detail", resource_id=resource.id) + "#attachments")
        db.session.rollback()
    return render_template("resources/version.html", form=form, resource=resource, earlier=earlier), \
        400 if form.is_submitted() else 200


def act(resource_id: int, action: str, comment: str = ""):
    """Run one workflow action for the current user, refusing an illegal one with a message."""
    resource = get_resource_or_404(resource_id, f"resource.{action}")
    return workflow.act(move, resource, action, current_user, comment,
                        url_for("resources.detail", resource_id=resource_id))
