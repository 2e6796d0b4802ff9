"""The board of a team exercise: cards (add, edit), clusters (add, rename, merge) and moving cards."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from champions import audit
from champions.extensions import db
from champions.workshops import bp, service
from champions.workshops.forms import CardForm, ClusterForm, MergeForm, MoveForm, RenameForm
from champions.workshops.models import Card, Cluster
from champions.workshops.views import render_detail


def _to_board(workshop, anchor="board"):
    return redirect(url_for("workshops.detail", workshop_id=workshop.id, _anchor=anchor))


@bp.post("/<int:workshop_id>/cards")
@login_required
def card_add(workshop_id: int):
    """A participant adds a card (one idea); errors come back on the page with the card as typed."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.contribute")
    form = CardForm()
    if not form.validate_on_submit() or not service.text_ok(form, ["text"]):
        return render_detail(service.load(workshop), form)
    card = service.add_card(workshop, form.side.data, form.text.data, current_user)
    db.session.commit()
    flash("Card added.", "success")
    return _to_board(workshop, f"card-{card.id}")


@bp.route("/cards/<int:card_id>/edit", methods=["GET", "POST"])
@login_required
def card_edit(card_id: int):
    """Its author or the facilitator rewords a card; a change made meanwhile by someone else is not overwritten."""
    card = service.get_part_or_404(Card, card_id, "workshop.edit_entry")
    form = CardForm(data={"side": card.side, "text": card.text, "version": card.version} if request.method == "GET" else None)
    stale = None
    if form.validate_on_submit() and service.text_ok(form, ["text"]):
        if service.is_stale(card, form):
            stale = card
            form.version.data = card.version
        else:
            card.text, card.side = form.text.data.strip(), form.side.data
            db.session.flush()
            service.record_version("workshop_card", card, current_user, card.text)
            service.changed(card.workshop)
            db.session.commit()
            flash("Card saved.", "success")
            return _to_board(card.workshop, f"card-{card.id}")
    return render_template("workshops/card_form.html", workshop=card.workshop, card=card, form=form, stale=stale)


@bp.post("/cards/<int:card_id>/move")
@login_required
def card_move(card_id: int):
    """The facilitator moves a card into a cluster (or out of every cluster)."""
    card = service.get_part_or_404(Card, card_id, "workshop.arrange")
    form = MoveForm()
    targets = {str(c.id): c for c in card.workshop.live_clusters(card.side)}
    form.cluster.choices = [SelectChoice("", "Not grouped")] + [SelectChoice(k, c.name) for k, c in targets.items()]
    if not form.validate_on_submit():
        flash("Choose a cluster of the same side to move the card to.", "error")
        return _to_board(card.workshop, f"card-{card.id}")
    card.cluster = targets.get(form.cluster.data)
    audit.record(current_user, "workshop.move_card", card.workshop,
                 summary=f"Card {card.id} to {card.cluster.name if card.cluster else 'not grouped'}")
    service.changed(card.workshop)
    db.session.commit()
    flash(f"Moved to {card.cluster.name if card.cluster else 'not grouped'}: {card.text}", "success")
    return _to_board(card.workshop, f"card-{card.id}")


@bp.post("/<int:workshop_id>/clusters")
@login_required
def cluster_add(workshop_id: int):
    """The facilitator names a new cluster of advantages or challenges."""
    workshop = service.get_workshop_or_404(workshop_id, "workshop.arrange")
    form = ClusterForm()
    if not form.validate_on_submit() or not service.text_ok(form, ["name"]):
        return render_template("workshops/cluster_form.html", workshop=workshop, cluster=None, form=form, stale=None)
    cluster = Cluster(workshop=workshop, side=form.side.data, name=form.name.data.strip(),
                      position=len(workshop.clusters) + 1)
    db.session.add(cluster)
    service.changed(workshop)
    db.session.commit()
    flash(f"Cluster added: {cluster.name}", "success")
    return _to_board(workshop)


@bp.route("/clusters/<int:cluster_id>/edit", methods=["GET", "POST"])
@login_required
def cluster_edit(cluster_id: int):
    """The facilitator renames a cluster; a rename made meanwhile is shown, not overwritten."""
    cluster = service.get_part_or_404(Cluster, cluster_id, "workshop.arrange")
    if cluster.merged_into_id is not None:
        abort(404)
    form = RenameForm(data={"name": cluster.name, "version": cluster.version} if request.method == "GET" else None)
    stale = None
    if form.validate_on_submit() and service.text_ok(form, ["name"]):
        if service.is_stale(cluster, form):
            stale, form.version.data = cluster, cluster.version
        else:
            before = cluster.name
            cluster.name = form.name.data.strip()
            audit.record(current_user, "workshop.rename_cluster", cluster.workshop, summary=f"{before} to {cluster.name}")
            service.changed(cluster.workshop)
            db.session.commit()
            flash(f"Cluster renamed: {cluster.name}", "success")
            return _to_board(cluster.workshop)
    merge_form = MergeForm(formdata=None)
    merge_form.into.choices = _merge_choices(cluster)
    return render_template("workshops/cluster_form.html", workshop=cluster.workshop, cluster=cluster, form=form,
                           merge_form=merge_form, stale=stale)


def _merge_choices(cluster: Cluster):
    return [SelectChoice("", "Choose a cluster")] + [
        SelectChoice(str(c.id), c.name) for c in cluster.workshop.live_clusters(cluster.side) if c.id != cluster.id]


@bp.post("/clusters/<int:cluster_id>/merge")
@login_required
def cluster_merge(cluster_id: int):
    """The facilitator merges a cluster into another of the same side: every card and item moves, nothing is lost."""
    cluster = service.get_part_or_404(Cluster, cluster_id, "workshop.arrange")
    if cluster.merged_into_id is not None:
        abort(404)
    form = MergeForm()
    form.into.choices = _merge_choices(cluster)
    if request.form.get("into") == str(cluster.id):
        form.into.errors = ["A cluster cannot be merged into itself: choose another cluster"]
    if form.into.errors or not form.validate_on_submit():
        return render_template("workshops/cluster_form.html", workshop=cluster.workshop, cluster=cluster,
                               form=RenameForm(formdata=None, data={"name": cluster.name, "version": cluster.version}),
                               merge_form=form, stale=None), 200
    target = db.session.get(Cluster, int(form.into.data))
    service.merge(cluster, target, current_user)
    db.session.commit()
    flash(f"Merged {cluster.name} into {target.name}.", "success")
    return _to_board(cluster.workshop)
