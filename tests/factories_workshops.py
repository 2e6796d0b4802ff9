"""Factories for workshops, cards, clusters and items. Add and flush, never commit."""
from __future__ import annotations

from datetime import date, timedelta

from champions.extensions import db
from champions.workshops.models import Card, Cluster, Item, Workshop, WorkshopParticipant
from tests import factories


def workshop(kind: str = "team", facilitator=None, participants=(), status: str = "open",
             visibility: str = "members", title: str | None = None, held_on: date | None = None, **kwargs) -> Workshop:
    """A workshop run by a champion (made unless given), with these participants."""
    facilitator = facilitator or factories.user("champion")
    item = Workshop(kind=kind, title=title or f"{kind.title()} exercise", held_on=held_on or date.today(),
                    facilitator_id=facilitator.id, created_by_id=facilitator.id, status=status,
                    visibility=visibility, **kwargs)
    for person in participants:
        item.participants.append(WorkshopParticipant(user_id=person.id))
    db.session.add(item)
    db.session.flush()
    return item


def cluster(workshop_: Workshop, name: str = "Paperwork", side: str = "challenge") -> Cluster:
    item = Cluster(workshop=workshop_, name=name, side=side, position=len(workshop_.clusters) + 1)
    db.session.add(item)
    db.session.flush()
    return item


def card(workshop_: Workshop, text: str = "Too many forms", side: str = "challenge", author=None,
         cluster_: Cluster | None = None) -> Card:
    item = Card(workshop=workshop_, text=text, side=side, author_id=(author or workshop_.facilitator).id,
                cluster=cluster_)
    db.session.add(item)
    db.session.flush()
    return item


def item(workshop_: Workshop, section: str, text: str = "Ask finance for clearer guidance", cluster_=None,
         author=None, **data) -> Item:
    made = Item(workshop=workshop_, section=section, text=text, cluster=cluster_, data=data,
                author_id=(author or workshop_.facilitator).id)
    db.session.add(made)
    db.session.flush()
    return made


def future(days: int = 30) -> date:
    return date.today() + timedelta(days=days)
