"""Items of an exercise (solutions, plans, issues, factors, answers ...), action now, the starting list, closing."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from champions import audit, markdown, permissions
from champions.extensions import db
from champions.meetings import reminders, service as meetings
from champions.params import to_int
from champions.people import mentions
from champions.workshops import bp, mentioning, service
from champions.workshops.forms import ActionNowForm, ClosingForm, LinkForm, item_form, section_form
from champions.workshops.models import Cluster, Item
from champions.workshops.sections import ACTION_NOW, ANSWER_FIELDS, SECTIONS, STARTING


def _text_fields(fields) -> list[str]:
    return [f.name for f in fields if f.kind in ("text", "long")]


def _fields_of(item: Item):
    """The fields an item is edited with: its section's, or (a senior managers' starting item) the answer."""
    if item.section == STARTING:
        return ANSWER_FIELDS if item.workshop.kind == "senior" else None
    return SECTIONS[item.section].fields if item.section in SECTIONS else None


@bp.route("/<int:workshop_id>/items/<section>/new", methods=["GET", "POST"])
@login_required
def item_new(workshop_id: int, section: str):
    """A participant adds an item to one of the exercise's sections (for a cluster, with ?cluster=)."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.contribute")
    spec = SECTIONS.get(section)
    if spec is None or spec.exercise != workshop.kind:
        abort(404)
    cluster = None
    if spec.per_cluster:
        cluster = db.session.get(Cluster, to_int(request.args.get("cluster")) or 0)
        if cluster is None or cluster.workshop_id != workshop.id or cluster.side != "challenge" or cluster.merged_into_id:
            abort(404)
    form = section_form(spec, service.starting_choices(workshop))
    names = _text_fields(spec.fields)
    if not form.validate_on_submit() or not service.text_ok(form, names) \
            or not mentions.check_fields(form, names, mentioning.label(workshop)):
        return render_template("workshops/item_form.html", workshop=workshop, spec=spec, cluster=cluster, form=form,
                               item=None, stale=None)
    text, data = service.item_values(spec.fields, form)
    answers = service.answers_item(workshop, data)
    item = Item(workshop=workshop, section=section, cluster=cluster, text=text, data=data, author_id=current_user.id,
                answers=answers)
    db.session.add(item)
    db.session.flush()
    mentioning.set_html(item, names)
    mentioning.tell(item, current_user, mentioning.written(item, names))
    service.record_version("workshop_item", item, current_user, text)
    service.changed(workshop)
    db.session.commit()
    flash(f"Added to {spec.title.lower()}.", "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor=f"item-{item.id}"))


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def item_edit(item_id: int):
    """Its author or the facilitator changes an item (a senior managers' starting item: its answer).

    A change someone else saved meanwhile is never overwritten: both versions are shown.
    """
    item = db.session.get(Item, item_id)
    answering = item is not None and item.section == STARTING
    item = service.get_part_or_404(Item, item_id, "workshop.contribute" if answering else "workshop.edit_entry")
    fields = _fields_of(item)
    if fields is None:
        abort(403)
    workshop = item.workshop
    saved = {f.name: _saved(item, f) for f in fields}
    form = item_form(fields, service.starting_choices(workshop), **({"version": item.version, **saved}
                                                                    if request.method == "GET" else {}))
    stale, names = None, _text_fields(fields)
    if form.validate_on_submit() and service.text_ok(form, names) \
            and mentions.check_fields(form, names, mentioning.label(workshop)):
        if service.is_stale(item, form):
            stale, form.version.data = item, item.version
        else:
            before = mentioning.written(item, names)
            text, data = service.item_values(fields, form)
            if answering:
                item.data = {**{k: v for k, v in (item.data or {}).items() if k not in ("answer_kind", "answer")}, **data}
            else:
                item.answers = service.answers_item(workshop, data)
                item.text, item.data = text, data
            mentioning.set_html(item, names)
            db.session.flush()
            mentioning.tell(item, current_user, mentioning.written(item, names), before)
            service.record_version("workshop_item", item, current_user, item.text if not answering else data.get("answer", ""))
            service.changed(workshop)
            db.session.commit()
            flash("Saved.", "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor=f"item-{item.id}"))
    spec = SECTIONS.get(item.section)
    return render_template("workshops/item_form.html", workshop=workshop, spec=spec, cluster=item.cluster, form=form,
                           item=item, stale=stale, answering=answering, fields=fields)


def _saved(item: Item, spec):
    value = item.value(spec.name) if spec.name != "answers" else (str(item.answers_id) if item.answers_id else "")
    if spec.kind in ("date", "future_date") and value:
        return date.fromisoformat(value)
    return value


@bp.route("/clusters/<int:cluster_id>/action-now", methods=["GET", "POST"])
@login_required
def action_now(cluster_id: int):
    """The facilitator records the challenge cluster's one action now; it joins the actions tracker."""
    cluster = service.get_part_or_404(Cluster, cluster_id, "workshop.arrange")
    workshop = cluster.workshop
    if cluster.side != "challenge" or cluster.merged_into_id is not None:
        abort(404)
    existing = cluster.items_in(ACTION_NOW)
    form = ActionNowForm()
    form.owner.choices = meetings.owner_choices()
    if existing:
        flash("This cluster already has its action now: mark it done in the actions tracker.", "info")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor=f"cluster-{cluster.id}"))
    refused = "The owner cannot see this workshop yet: choose a participant or a champion"
    if not form.validate_on_submit() or not meetings.owner_can_read(form, "workshop.view", workshop, refused) \
            or not service.text_ok(form, ["what"]) \
            or not mentions.check_fields(form, ["what"], mentioning.label(workshop)):
        return render_template("workshops/action_now_form.html", workshop=workshop, cluster=cluster, form=form)
    item = service.add_action_now(cluster, form.what.data, int(form.owner.data), form.due_on.data, current_user)
    db.session.flush()
    mentioning.set_html(item, ["text"])
    mentioning.tell(item, current_user, item.text)
    reminders.assigned(item.action, current_user)
    db.session.commit()
    flash("Action now added. It is in the actions tracker with the meetings' actions.", "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor=f"cluster-{cluster.id}"))


@bp.post("/<int:workshop_id>/take")
@login_required
def take(workshop_id: int):
    """The facilitator takes an earlier exercise's items as the starting list (again: only what is new)."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.arrange")
    form = LinkForm()
    sources = {str(w.id): w for w in service.candidate_sources(workshop, current_user) + workshop.sources
               if permissions.can(current_user, "workshop.view", w)}
    form.source.choices = [SelectChoice(k, w.title) for k, w in sources.items()]
    if not form.validate_on_submit():
        flash("Choose an exercise to take items from.", "error")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="starting"))
    source = sources[form.source.data]
    count = service.take_items(workshop, source, current_user)
    db.session.commit()
    flash(f"{count} new item{'s' if count != 1 else ''} taken from {source.title}.", "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="starting"))


@bp.route("/<int:workshop_id>/closing", methods=["GET", "POST"])
@login_required
def closing(workshop_id: int):
    """The facilitator records what happens next and the review date (a reminder is sent on that day)."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.facilitate")
    form = ClosingForm(data={"next_steps": workshop.next_steps, "review_on": workshop.review_on,
                             "version": workshop.version} if request.method == "GET" else None)
    stale = None
    if form.validate_on_submit() and service.text_ok(form, ["next_steps"]):
        if service.is_stale(workshop, form):
            stale, form.version.data = workshop, workshop.version
        else:
            workshop.next_steps = form.next_steps.data.strip()
            workshop.next_steps_html = str(markdown.render(workshop.next_steps))
            workshop.review_on, workshop.review_reminded_on = form.review_on.data, None
            audit.record(current_user, "workshop.closing", workshop, summary=f"Review on {workshop.review_on}")
            service.changed(workshop)
            db.session.commit()
            flash("Closing saved: what happens next and the review date.", "success")
            return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor="closing"))
    return render_template("workshops/closing_form.html", workshop=workshop, form=form, stale=stale)
