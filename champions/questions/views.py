"""Questions and answers: lists, the question page, asking and answering."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from champions import permissions
from champions.attachments import panels as attachment_panels
from champions.extensions import db
from champions.limits import writing_limit
from champions.people import asking, mentions
from champions.questions import blocks, queries, service
from champions.questions import bp
from champions.questions.forms import AnswerForm, QuestionForm
from champions.questions.models import PARTNER_VISIBILITY, TAG_KINDS
from champions.search import index as search_index
from champions.timeutil import utcnow, working_days_between

PER_PAGE = 20


def privacy_ok(form, fields) -> bool:
    """The personal-data guard: True when it is safe to save (see champions.privacy)."""
    from champions import privacy

    return privacy.check_form(form, fields)


def mentions_ok(form, label) -> bool:
    """Mentions name one person each, who may see the post: else the body field says why (input kept)."""
    return mentions.check_fields(form, ["body"], label)


def _asked_label(form):
    """The audience a question being asked will have (partners' questions are shared with partners)."""
    level = PARTNER_VISIBILITY if current_user.is_partner else form.visibility.data
    return permissions.AccessLabel(level) if level in permissions.VISIBILITY_LABELS else None


def guard_found(form, fields):
    """What the guard found that the author confirmed (after privacy_ok passed): a GuardResult."""
    from champions.moderation import held

    return held.guard_result(form, fields)


def held_message(post_label: str) -> str:
    """The flash for a post held for a champion."""
    return (f"Your {post_label} has been saved and is held for a champion to check, because it may contain a CHI "
            "or National Insurance number. Nobody else can see it until a champion has checked it.")


@bp.app_template_filter("full_stop")
def full_stop(text: str) -> str:
    """The full stop to write after this text: none when it already ends a sentence ("Why?." reads badly)."""
    return "" if (text or "").rstrip().endswith((".", "?", "!", "…")) else "."


def tag_groups(tags) -> list[tuple[str, str, list]]:
    """Tags grouped by kind for the checkboxes: (kind, label, tags)."""
    return [(kind, label, [t for t in tags if t.kind == kind]) for kind, label in TAG_KINDS.items()
            if any(t.kind == kind for t in tags)]


def question_form(obj=None) -> QuestionForm:
    """The ask/edit form with the tag choices filled in; a partner's question is always shared with partners."""
    form = QuestionForm(obj=obj)
    if (obj.author if obj is not None else current_user).is_partner:
        form.fix_visibility(PARTNER_VISIBILITY)
    tags = queries.tags_for_form()
    form.tags.choices = [SelectChoice(t.id, t.name) for t in tags]
    form.all_tags = tags
    if obj is not None and request.method == "GET":
        form.tags.data = [t.id for t in obj.tags]
    return form


@bp.get("/")
@login_required
def index():
    """The question lists: latest activity, unanswered, awaiting a champion, resolved, mine, following."""
    tab = request.args.get("tab", "latest")
    if tab not in queries.TAB_KEYS:
        tab = "latest"
    page = queries.page_of(queries.list_query(current_user, tab), PER_PAGE)
    return render_template("questions/index.html", page=page, tab=tab, tabs=queries.TABS,
                           now=utcnow(), working_days=working_days_between)


@bp.route("/new", methods=["GET", "POST"])
@writing_limit
@login_required
def ask():
    """Ask a question, with a preview and similar questions before posting."""
    permissions.require("question.ask")
    form = question_form()
    preview = None
    champion = asking.champion_to_ask(current_user, request.values.get("champion", type=int))
    if not form.is_submitted():
        # A link may suggest the title ("Ask this as a question" from search, the feedback link).
        form.title.data = " ".join(request.args.get("title", "").split())[:150] or None
    elif "preview" in request.form:
        if form.validate():
            preview = mentions.render(form.body.data)
            mentions_ok(form, _asked_label(form))
        privacy_ok(form, ["title", "body"])  # the same warning as on posting, before anything is posted
    else:
        valid = form.validate() and mentions_ok(form, _asked_label(form))
        duplicate = valid and service.recent_duplicate_question(current_user, form.title.data, form.body.data)
        if duplicate:
            return already_posted("question", url_for("questions.detail", question_id=duplicate.id))
        # Look for personal data even when something else is wrong, so every problem shows at once.
        if privacy_ok(form, ["title", "body"]) and valid:
            question = service.create_question(current_user, form.title.data, form.body.data or "",
                                               form.visibility.data, form.tags.data,
                                               guard=guard_found(form, ["title", "body"]))
            if champion is not None:
                asking.tell_champion(question, champion, current_user)
            db.session.commit()
            if question.held:
                flash(held_message("question"), "warning")
            else:
                flash("Your question has been posted. You will be told when someone answers.", "success")
            return redirect(url_for("questions.detail", question_id=question.id))
    similar = service.similar_questions(form.title.data, current_user) if form.title.data else []
    return render_template("questions/ask.html", form=form, preview=preview, similar=similar,
                           groups=tag_groups(form.all_tags), champion=champion)


@bp.get("/similar")
@login_required
def similar():
    """An HTML fragment listing up to five visible questions similar to ?title= (as the ask page's preview)."""
    from champions.questions.service import similar_questions

    permissions.require("search.use")
    title = search_index.clean_query(request.args.get("title", ""))[0]
    similar = similar_questions(title, current_user) if title else []
    return render_template("questions/_similar.html", similar=similar)


def already_posted(what: str, url: str):
    """A second identical post (a double click, or Back and post again): say so and show the first one."""
    flash(Markup('You had already posted this {0}, so it was not posted again. <a href="{1}">Go to your {0}</a>.')
          .format(what, url), "info")
    return redirect(url)


def _ask_links(question, user) -> None:
    """Have the navigation's counts ask whether meetings or practice examples link here (the page's panels then
    need no query when none do)."""
    from champions.meetings.panels import ask_meetings_for_question
    from champions.practice.panels import ask_linked_examples

    ask_meetings_for_question(question, user)
    ask_linked_examples(question, user)


# What the question page asks about each answer (its labels and buttons), decided once per answer in the view.
ANSWER_ACTIONS = ("answer.view", "answer.read", "answer.edit", "answer.vote", "answer.accept", "answer.endorse",
                  "answer.unwithdraw", "answer.hide", "answer.withdraw", "answer.flag", "attachment.add")


def render_detail(question, form=None, preview=None, status=200):
    """The question page with its answers in order and the answer form."""
    user = current_user._get_current_object()
    page = queries.load_answers(question, user)
    may = permissions.decisions(user, ANSWER_ACTIONS, question.answers)
    answers = service.ordered_answers(question, [a for a in question.answers if may[a.id]["answer.view"]])
    from champions.moderation import held

    held_posts = [("question", question.id)] if question.held else []
    held_found = held.summaries(held_posts + [("answer", a.id) for a in answers if a.held])
    _ask_links(question, user)
    # Only accepted or endorsed answers show their check (champions.accuracy).
    checks = {a.id: page.checks[a.id] for a in answers
              if a.id in page.checks and (a.endorsed or a.id == question.accepted_answer_id)}
    answer_blocks = blocks.Page(blocks.key_maker(question, user, may, page.voted, checks, held_found,
                                                 permissions.can(user, "moderation.view")), generate_csrf())
    return render_template(
        "questions/detail.html", question=question, answers=answers, form=form or AnswerForm(), held_found=held_found,
        checks=checks, may=may, preview=preview, voted=page.voted, answer_blocks=answer_blocks,
        with_files=attachment_panels.with_files("answer", answers),
        following=service.following_answer(question, user),
        related=service.similar_questions(question.title, user, exclude_id=question.id, limit=5)), status


@bp.get("/<int:question_id>")
@login_required
def detail(question_id: int):
    """A question and its answers."""
    return render_detail(queries.get_question_or_404(question_id, full=True))


@bp.route("/<int:question_id>/answers", methods=["GET", "POST"])
@writing_limit
@login_required
def answer(question_id: int):
    """Post an answer (or preview it). A GET, such as refreshing a page with errors, goes to the answer form."""
    if request.method == "GET":
        question = queries.get_question_or_404(question_id)
        return redirect(url_for("questions.detail", question_id=question.id, _anchor="your-answer-heading"))
    question = queries.get_question_or_404(question_id, full=True)
    if not permissions.can(current_user, "question.answer", question):
        abort(403)
    form = AnswerForm()
    if not form.validate_on_submit():
        return render_detail(question, form)
    if "preview" in request.form:
        privacy_ok(form, ["body"])  # the same warning as on posting
        mentions_ok(form, permissions.QUESTION.access_label(question))
        return render_detail(question, form, preview=mentions.render(form.body.data))
    duplicate = service.recent_duplicate_answer(question, current_user, form.body.data)
    if duplicate:
        return already_posted("answer", url_for("questions.detail", question_id=question.id,
                                                _anchor=f"answer-{duplicate.id}"))
    if not privacy_ok(form, ["body"]) or not mentions_ok(form, permissions.QUESTION.access_label(question)):
        return render_detail(question, form)
    new = service.add_answer(question, current_user, form.body.data, guard=guard_found(form, ["body"]))
    db.session.commit()
    flash(held_message("answer") if new.held else "Your answer has been posted.", "warning" if new.held else "success")
    return redirect(url_for("questions.detail", question_id=question.id, _anchor=f"answer-{new.id}"))
