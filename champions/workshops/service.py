"""Workshops: loading, participants, cards and clusters, items, passing items on, publishing, reminders."""
from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import or_, select

from champions import audit, permissions, privacy, revisions, search
from champions.auth.models import User
from champions.extensions import db
from champions.meetings.models import Action
from champions.moderation.held import requires_review
from champions.notifications.service import notify, set_subject_visibility
from champions.params import to_int
from champions.timeutil import to_local, utcnow
from champions.workshops.models import Card, Cluster, Item, Workshop, WorkshopLink, WorkshopParticipant
from champions.workshops.sections import ACTION_NOW, PASSES_UP, STARTING

WORKSHOP = permissions.WORKSHOP


def today() -> date:
    return to_local(utcnow()).date()


def get_workshop_or_404(workshop_id: int, action: str | None = None) -> Workshop:
    """Load a workshop the current user may read (404 otherwise), then check the action (403)."""
    return permissions.get_or_404(Workshop, workshop_id, "workshop.view", action)


def get_part_or_404(model, object_id: int, action: str):
    """A card, cluster or item of a workshop this person may read (404), then the action (403): on the
    entry itself for "workshop.edit_entry", else on its workshop."""
    from flask import abort
    from flask_login import current_user

    obj = db.session.get(model, object_id)
    if obj is None or not permissions.can(current_user, "workshop.view", obj.workshop):
        abort(404)
    if not permissions.can(current_user, action, obj if action == "workshop.edit_entry" else obj.workshop):
        abort(403)
    return obj


def _load_options():
    from sqlalchemy.orm import joinedload, selectinload

    return (joinedload(Workshop.facilitator), joinedload(Workshop.team),
            selectinload(Workshop.participants),
            selectinload(Workshop.clusters),
            selectinload(Workshop.cards).joinedload(Card.author),
            selectinload(Workshop.items).options(joinedload(Item.author), joinedload(Item.action).joinedload(Action.owner),
                                                 joinedload(Item.answers)))


def _share_out(workshop: Workshop) -> Workshop:
    """Give each cluster its cards and items from the workshop's (loaded already), not a query per cluster."""
    from sqlalchemy.orm.attributes import set_committed_value

    for cluster in workshop.clusters:
        set_committed_value(cluster, "cards", [card for card in workshop.cards if card.cluster_id == cluster.id])
        set_committed_value(cluster, "items", [item for item in workshop.items if item.cluster_id == cluster.id])
    return workshop


def get_loaded_or_404(workshop_id: int, action: str | None = None) -> Workshop:
    """`get_workshop_or_404` with everything an exercise's page shows, in a fixed number of queries (not one per
    card, cluster or item)."""
    from sqlalchemy import inspect

    workshop = permissions.get_or_404(Workshop, workshop_id, "workshop.view", action, options=_load_options())
    if {"cards", "clusters", "items"} & inspect(workshop).unloaded:  # the session held it already
        return load(workshop)
    return _share_out(workshop)


def load(workshop: Workshop) -> Workshop:
    """Everything an exercise's page shows, in a fixed number of queries (not one per card or item)."""
    return _share_out(db.session.scalars(
        select(Workshop).where(Workshop.id == workshop.id).execution_options(populate_existing=True)
        .options(*_load_options())).one())


def versions(workshop: Workshop, reader) -> list:
    """Every recorded wording of its cards and items this person may read, newest first (with what it was of)."""
    from sqlalchemy import false
    from sqlalchemy.orm import joinedload

    from champions.revisions import Revision

    cards = {c.id: c for c in workshop.cards}
    items = {i.id: i for i in workshop.items}
    found = []
    for kind, objects in (("workshop_card", cards), ("workshop_item", items)):
        if not objects:
            continue
        readable = permissions.versions_clause(reader, False, Revision.visibility, Revision.editor_id, false())
        query = (select(Revision).where(Revision.content_type == kind, Revision.object_id.in_(list(objects)), readable)
                 .options(joinedload(Revision.editor)).order_by(Revision.id.desc()).limit(500))
        found += [(revision, objects[revision.object_id]) for revision in db.session.scalars(query)]
    return sorted(found, key=lambda pair: (pair[0].created_at, pair[0].id), reverse=True)


def list_query(user):
    """SQL: the workshops this person may read, newest first."""
    return select(Workshop).where(WORKSHOP.clause(user)).order_by(Workshop.held_on.desc(), Workshop.id.desc())


def set_participants(workshop: Workshop, user_ids: list[int], team_id: int | None) -> None:
    """The participants: the people chosen and, with a team, every member of it (marked as from the team)."""
    wanted = {uid: None for uid in user_ids}
    if team_id:
        for uid in db.session.scalars(select(User.id).where(User.team_id == team_id, User.is_member)):
            wanted.setdefault(uid, team_id)
    valid = set(db.session.scalars(select(User.id).where(User.id.in_(list(wanted)), User.is_member)))
    workshop.participants = [p for p in workshop.participants if p.user_id in valid and p.user_id in wanted]
    have = workshop.participant_ids
    for uid, via in wanted.items():
        if uid in valid and uid not in have:
            workshop.participants.append(WorkshopParticipant(user_id=uid, via_team_id=via))
    permissions.forget_user_groups()


def text_ok(form, names: list[str]) -> bool:
    """The personal-data guard: a CHI or NI number is refused outright (a workshop record never holds one);
    other findings the writer may confirm."""
    refused = False
    for name in names:
        data = form[name].data
        if isinstance(data, str) and requires_review(privacy.scan(data)):
            form[name].errors = list(form[name].errors) + [
                "This looks like a CHI or National Insurance number. Remove it: workshop records never hold one"]
            refused = True
    if refused:
        form._errors = None
        form.personal_data_findings = {}
        return False
    return privacy.check_form(form, names)


def is_stale(obj, form) -> bool:
    """Was it changed by someone else since this form was opened (its version moved on)?"""
    return str(obj.version) != str(form.version.data or "")


def changed(workshop: Workshop) -> None:
    """After any change to what it holds: reindex it (the board's stamp follows from its rows)."""
    search.enqueue("workshop", workshop.id)


def record_version(kind: str, obj, user, text: str) -> None:
    """Keep the earlier words of a card or item in its history."""
    revisions.record(kind, obj, user, visibility=obj.workshop.visibility, body=text)


# --- cards and clusters -------------------------------------------------------------------------
def add_card(workshop: Workshop, side: str, text: str, user) -> Card:
    card = Card(workshop=workshop, side=side, text=text.strip(), author_id=user.id)
    db.session.add(card)
    db.session.flush()
    record_version("workshop_card", card, user, card.text)
    changed(workshop)
    return card


def live_cluster(cluster: Cluster | None) -> Cluster | None:
    """The cluster a card now sits in, following merges."""
    seen = set()
    while cluster is not None and cluster.merged_into is not None and cluster.id not in seen:
        seen.add(cluster.id)
        cluster = cluster.merged_into
    return cluster


def merge(source: Cluster, target: Cluster, user) -> None:
    """Move every card and item of `source` into `target`; `source` is kept, marked as merged."""
    for card in list(source.cards):
        card.cluster = target
    for item in list(source.items):
        item.cluster = target
    source.merged_into = target
    audit.record(user, "workshop.merge_clusters", source.workshop, summary=f"{source.name} into {target.name}")
    changed(source.workshop)


def board_stamp(workshop: Workshop) -> str:
    """A short fingerprint of the board, from one small aggregate query: the live board reloads when it changes.

    Every change to a card, cluster or item raises its version (rows are never deleted), so counts and sums
    of versions move whenever anything on the board does.
    """
    from sqlalchemy import func, literal, union_all

    parts = [select(literal(n).label("n"), func.count(model.id), func.coalesce(func.sum(model.version), 0),
                    func.coalesce(func.max(model.id), 0)).where(model.workshop_id == workshop.id)
             for n, model in enumerate((Card, Cluster, Item))]
    rows = sorted(tuple(row) for row in db.session.execute(union_all(*parts)))
    return hashlib.sha1(repr(rows).encode()).hexdigest()[:12]


def loaded_board_stamp(workshop: Workshop) -> str:
    """`board_stamp` worked out from the cards, clusters and items loaded just now (`get_loaded_or_404`), with no
    query: the same fingerprint while nothing has changed since they were loaded."""
    rows = sorted((n, len(rows), sum(row.version for row in rows), max((row.id for row in rows), default=0))
                  for n, rows in enumerate((workshop.cards, workshop.clusters, workshop.items)))
    return hashlib.sha1(repr(rows).encode()).hexdigest()[:12]


# --- items --------------------------------------------------------------------------------------
def item_values(fields, form) -> tuple[str, dict]:
    """(text, data) from a form of these fields: dates as ISO strings."""
    text, data = "", {}
    for spec in fields:
        value = form[spec.name].data
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, date):
            value = value.isoformat()
        if spec.name == "text":
            text = value or ""
        elif value not in (None, ""):
            data[spec.name] = value
    return text, data


def starting_choices(workshop: Workshop):
    """The starting-list items an issue or action may take up, as select choices."""
    from wtforms import SelectChoice

    return [SelectChoice(str(i.id), i.text[:90]) for i in workshop.items_in(STARTING)]


def answers_item(workshop: Workshop, data: dict) -> Item | None:
    """The starting-list item `data` names (only one of this workshop's)."""
    ref = data.pop("answers", None)
    number = to_int(ref)
    item = db.session.get(Item, number) if number else None
    return item if item is not None and item.workshop_id == workshop.id and item.section == STARTING else None


def add_action_now(cluster: Cluster, what: str, owner_id: int, due_on: date, user) -> Item:
    """The cluster's one action now: an Action in the tracker, and the item that shows it here."""
    workshop = cluster.workshop
    action = Action(workshop_id=workshop.id, what=what.strip(), owner_id=owner_id, due_on=due_on)
    db.session.add(action)
    db.session.flush()
    item = Item(workshop=workshop, section=ACTION_NOW, cluster=cluster, text=action.what, author_id=user.id,
                action_id=action.id, data={"due_on": due_on.isoformat()})
    db.session.add(item)
    audit.record(user, "action.create", action, summary=action.what)
    changed(workshop)
    return item


# --- the chain: passing items on ----------------------------------------------------------------
def take_items(target: Workshop, source: Workshop, user) -> int:
    """Link `source` to `target` and copy its passed-up items into the starting list (each once); returns
    how many were new. Taking again later picks up only what was added since."""
    if db.session.get(WorkshopLink, (source.id, target.id)) is None:
        db.session.add(WorkshopLink(source_id=source.id, target_id=target.id))
    taken = set(db.session.scalars(select(Item.origin_id).where(Item.workshop_id == target.id,
                                                               Item.origin_id.isnot(None))))
    new = 0
    for item in source.items:
        if item.section in PASSES_UP.get(source.kind, ()) and item.id not in taken:
            cluster = live_cluster(item.cluster)
            data = {"from_section": item.section, "from_workshop": source.title,
                    "from_cluster": cluster.name if cluster else "", **(item.data or {})}
            data.pop("answers", None)
            db.session.add(Item(workshop=target, section=STARTING, origin=item, text=item.text, data=data,
                                html=dict(item.html or {}), author_id=item.author_id))
            new += 1
    db.session.flush()
    audit.record(user, "workshop.take_items", target, summary=f"{new} from {source.title}")
    changed(target)
    return new


def upstream(workshop: Workshop) -> list[Workshop]:
    """Every earlier exercise linked into this one, at any distance (nearest first)."""
    found, queue = [], list(workshop.sources)
    while queue:
        current = queue.pop(0)
        if current not in found and current is not workshop:
            found.append(current)
            queue.extend(current.sources)
    return found


def candidate_sources(workshop: Workshop, user) -> list[Workshop]:
    """Exercises of the kind this one takes items from, that this person may read and not yet linked."""
    from champions.workshops.models import UPSTREAM_KIND

    kind = UPSTREAM_KIND.get(workshop.kind)
    if kind is None:
        return []
    linked = {w.id for w in workshop.sources}
    return [w for w in db.session.scalars(list_query(user).where(Workshop.kind == kind)) if w.id not in linked]


# --- publishing and reminders -------------------------------------------------------------------
def people_to_tell(workshop: Workshop) -> list[User]:
    """The participants of this exercise and of every exercise linked into it."""
    ids = set(workshop.participant_ids)
    for earlier in upstream(workshop):
        ids |= earlier.participant_ids
    return list(db.session.scalars(select(User).where(User.id.in_(sorted(ids) or [-1])).order_by(User.id)))


def publish(workshop: Workshop, visibility: str, user) -> None:
    """Publish the record to its audience and tell the participants of every linked exercise who may read it."""
    workshop.status, workshop.visibility, workshop.published_at = "published", visibility, utcnow()
    db.session.flush()
    label = WORKSHOP.access_label(workshop)
    set_subject_visibility(f"workshop:{workshop.id}", label)
    notify(people_to_tell(workshop), kind="workshop_published", title=f"You said, we did: {workshop.title}",
           url=f"/workshops/{workshop.id}/you-said-we-did", visibility=label, actor=user,
           subject=f"workshop:{workshop.id}")
    audit.record(user, "workshop.publish", workshop, summary=workshop.title, after={"visibility": visibility})
    changed(workshop)


def remind_reviews(on: date | None = None) -> int:
    """Tell the facilitator and participants of each exercise whose review date has come (once); returns how many."""
    on = on or today()
    due = db.session.scalars(select(Workshop).where(Workshop.review_on <= on, or_(
        Workshop.review_reminded_on.is_(None), Workshop.review_reminded_on < Workshop.review_on)))
    count = 0
    for workshop in due:
        people = [workshop.facilitator] + [p.user for p in workshop.participants]
        notify(people, kind="workshop_review_due", title=f"Time to review: {workshop.title}",
               url=f"/workshops/{workshop.id}", visibility=WORKSHOP.access_label(workshop),
               subject=f"workshop:{workshop.id}")
        workshop.review_reminded_on = on
        count += 1
    return count
