"""Resources: the champions' queues and the workflow buttons."""
from __future__ import annotations

from flask import render_template
from flask_login import login_required

from champions import permissions
from champions.extensions import db
from champions.practice import queries as practice_queries
from champions.resources import bp, queries
from champions.resources.forms import ReturnForm
from champions.resources.views import act, get_resource_or_404, render_detail


@bp.get("/review")
@login_required
def review_queue():
    """Resources submitted for review, oldest first."""
    permissions.require("resource.review")
    resources = db.session.scalars(queries.review_query()).all()
    return render_template("resources/list.html", resources=resources, heading="Resources awaiting review",
                           empty="Nothing is waiting for review.")


@bp.get("/due")
@login_required
def due():
    """Published resources and practice examples past their review date: confirm they are still accurate, or archive them."""
    permissions.require("resource.review")
    resources = db.session.scalars(queries.due_for_review_query()).all()
    examples = db.session.scalars(practice_queries.due_for_review_query()).all()  # one review list for champions
    return render_template("resources/list.html", resources=resources, heading="Due for review",
                           empty="No published resource is past its review date.", examples=examples)


@bp.post("/<int:resource_id>/submit")
@login_required
def submit(resource_id: int):
    """The author sends a draft or returned resource to a champion."""
    return act(resource_id, "submit")


@bp.post("/<int:resource_id>/publish")
@login_required
def publish(resource_id: int):
    """A champion publishes a resource."""
    return act(resource_id, "publish")


@bp.post("/<int:resource_id>/return")
@login_required
def return_resource(resource_id: int):
    """A champion returns a submitted resource with comments."""
    resource = get_resource_or_404(resource_id, "resource.return")
    form = ReturnForm()
    if not form.validate_on_submit():
        return render_detail(resource, return_form=form)
    return act(resource_id, "return", form.comment.data.strip())


@bp.post("/<int:resource_id>/archive")
@login_required
def archive(resource_id: int):
    """A champion archives a resource."""
    return act(resource_id, "archive")


@bp.post("/<int:resource_id>/restore")
@login_required
def restore(resource_id: int):
    """A champion restores an archived resource."""
    return act(resource_id, "restore")


@bp.post("/<int:resource_id>/confirm-review")
@login_required
def confirm_review(resource_id: int):
    """A champion confirms a resource is still accurate (next review in 12 months)."""
    return act(resource_id, "confirm_review")
