"""Tag pages: the tag index, one tag's questions, and champions managing topic tags."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from champions import audit, params, permissions
from champions.extensions import db
from champions.questions import bp, queries
from champions.questions.forms import StandardTagForm, TagForm
from champions.questions.models import Question, Tag, question_tags
from champions.questions.taxonomy import slugify
from champions.questions.views import PER_PAGE, tag_groups

RESERVED_SLUGS = {"manage", "new"}


def _tag_or_404(slug: str) -> Tag:
    tag = db.session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is None:
        abort(404)
    return tag


@bp.get("/tags/")
@login_required
def tag_index():
    """Every tag, grouped by kind, with how many questions this person can see under each."""
    counts = dict(db.session.execute(
        select(question_tags.c.tag_id, func.count(Question.id))
        .join(Question, Question.id == question_tags.c.question_id)
        .where(permissions.QUESTION.open_clause(current_user))
        .group_by(question_tags.c.tag_id)).all())
    return render_template("questions/tags.html", groups=tag_groups(queries.tags_for_form()), counts=counts)


@bp.get("/tags/<slug>")
@login_required
def tag(slug: str):
    """A tag's description and its questions."""
    item = _tag_or_404(slug)
    page = queries.page_of(queries.list_query(current_user, "latest", tag=item), PER_PAGE)
    return render_template("questions/tag.html", tag=item, page=page)


@bp.route("/tags/manage", methods=["GET", "POST"])
@login_required
def manage_tags():
    """Champions add topic tags and see every tag to edit."""
    permissions.require("tag.manage")
    form = TagForm()
    if form.validate_on_submit():
        slug = slugify(form.name.data)
        if slug in RESERVED_SLUGS or db.session.scalar(select(Tag.id).where(Tag.slug == slug)):
            form.name.errors.append("There is already a tag with that name")
        else:
            new = Tag(slug=slug, name=form.name.data, kind="topic", description=form.description.data or "",
                      sort_order=100)
            db.session.add(new)
            db.session.flush()
            audit.record(current_user, "tag.create", new, summary=f"Created tag {new.name}")
            db.session.commit()
            flash(f"Tag ‘{new.name}’ added.", "success")
            return redirect(url_for("questions.manage_tags"))
    return render_template("questions/tags_manage.html", form=form, groups=tag_groups(queries.tags_for_form()))


@bp.route("/tags/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_tag(slug: str):
    """Champions edit a tag's name and description (standards with a name to confirm, topics...)."""
    permissions.require("tag.manage")
    item = _tag_or_404(slug)
    form = (StandardTagForm if item.kind == "standard" else TagForm)(obj=item)
    if form.validate_on_submit():
        before = {"name": item.name, "description": item.description}
        item.name, item.description = form.name.data, form.description.data or ""
        after = {"name": item.name, "description": item.description}
        if "edition_changed_on" in form:
            before["edition_changed_on"] = item.edition_changed_on.isoformat() if item.edition_changed_on else None
            item.edition_changed_on = form.edition_changed_on.data
            after["edition_changed_on"] = item.edition_changed_on.isoformat() if item.edition_changed_on else None
        audit.record(current_user, "tag.edit", item, summary=f"Edited tag {item.name}", before=before, after=after)
        db.session.commit()
        flash("The tag has been saved.", "success")
        return redirect(url_for("questions.tag", slug=item.slug))
    return render_template("questions/tag_edit.html", form=form, tag=item)
