"""Shared practice examples: the library, an example, writing and editing."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from champions import params, permissions
from champions.extensions import db
from champions.limits import writing_limit
from champions.practice import bp, queries
from champions.practice.editing import apply_form, fill_form, form_is_valid, prepare_form
from champions.practice.forms import ExampleForm, LinkQuestionForm, ReturnForm
from champions.practice.models import FACETS, PracticeExample
from champions.practice.notices import announce

PER_PAGE = 20


def get_example_or_404(example_id: int, action: str = "practice.read") -> PracticeExample:
    """Load an example the current user may see (404 otherwise), then check the action (403)."""
    return permissions.get_or_404(PracticeExample, example_id, "practice.read", action)


@bp.get("/")
@login_required
def index():
    """The library of published examples, with filters that combine and counts for each value."""
    chosen = queries.chosen_from_args(request.args)
    sort = request.args.get("sort") if request.args.get("sort") in queries.SORTS else "newest"
    page = params.paginate(queries.library_query(current_user, chosen, sort), PER_PAGE)
    counts = queries.facet_counts(current_user, chosen)
    groups = [(kind, label, [(tag.id, tag.name, n) for tag, n in counts[kind]]) for kind, label in FACETS.items()]
    return render_template("practice/index.html", page=page, chosen=chosen, sort=sort, sorts=queries.SORTS,
                           filter_groups=groups, filter_args={k: v for k, v in chosen.items()} | {"sort": sort})


@bp.get("/mine")
@login_required
def mine():
    """The person's own examples that they may open: drafts, returned, awaiting review, published (archived: champions)."""
    permissions.require("practice.create")
    examples = db.session.scalars(queries.mine_query(current_user)).all()
    return render_template("practice/list.html", examples=examples, heading="My practice examples",
                           empty="You have not written a practice example yet.")


@bp.route("/new", methods=["GET", "POST"])
@writing_limit
@login_required
def new():
    """Write a new example: saved as a draft, or submitted for review straight away."""
    permissions.require("practice.create")
    form = prepare_form(ExampleForm(), current_user)
    if not form.is_submitted():  # "Start a practice example" from what colleagues could not find
        form.title.data = " ".join(request.args.get("title", "").split())[:150] or None
    valid = form.is_submitted() and form_is_valid(form)
    submitting = "submit_for_review" in request.form
    duplicate = valid and queries.recent_duplicate(current_user, form, "submitted" if submitting else "draft")
    if duplicate:
        url = url_for("practice.detail", example_id=duplicate.id)
        flash(Markup('You had already saved this example, so it was not saved again. '
                     '<a href="{0}">Go to your example</a>.').format(url), "info")
        return redirect(url)
    if valid:
        example = apply_form(PracticeExample(author_id=current_user.id, status="draft"), form, current_user)
        message = announce(example, "submit" if submitting else None, current_user)
        db.session.commit()
        flash(message or "Your draft is saved. Submit it for review when it is ready.", "success")
        return redirect(url_for("practice.detail", example_id=example.id))
    return render_template("practice/form.html", form=form, example=None)


@bp.get("/<int:example_id>")
@login_required
def detail(example_id: int):
    """One example, with its classification, contact, related questions and the actions open to the reader."""
    return render_detail(get_example_or_404(example_id))


def render_detail(example: PracticeExample, return_form: ReturnForm | None = None,
                  link_form: LinkQuestionForm | None = None):
    """The example's page; with a rejected return or link form, shown again with its errors (status 400)."""
    questions = [q for q in example.questions if _question_visible(q)]
    page = render_template("practice/detail.html", example=example, questions=questions, facets=FACETS,
                           return_form=return_form or ReturnForm(formdata=None),
                           link_form=link_form or LinkQuestionForm(formdata=None))
    return page, 400 if return_form is not None or link_form is not None else 200


@bp.route("/<int:example_id>/edit", methods=["GET", "POST"])
@writing_limit
@login_required
def edit(example_id: int):
    """Edit an example; every save keeps a revision."""
    example = get_example_or_404(example_id, "practice.edit")
    form = prepare_form(ExampleForm(), current_user)
    form.saved_review_due_on = example.review_due_on  # an overdue date is not questioned on a typo fix
    if not form.is_submitted():
        fill_form(form, example)
    elif form_is_valid(form):
        apply_form(example, form, current_user)
        wants_submit = "submit_for_review" in request.form and example.status in ("draft", "returned")
        message = announce(example, "submit" if wants_submit else None, current_user)
        db.session.commit()
        flash(message or "Your changes are saved.", "success")
        return redirect(url_for("practice.detail", example_id=example.id))
    return render_template("practice/form.html", form=form, example=example)


@bp.get("/<int:example_id>/history")
@login_required
def history(example_id: int):
    """The example's workflow history and its earlier versions."""
    example = get_example_or_404(example_id, "practice.history")
    return render_template("practice/history.html", example=example)


def _question_visible(question) -> bool:
    """A linked question is listed only when the reader may see it."""
    return not question.withdrawn and not question.hidden and permissions.can(current_user, "question.view", question)
