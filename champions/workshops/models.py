"""Whole-systems workshops: three linked exercises (team, team managers', senior managers'), their cards,
clusters and items, each item keeping where it came from."""
from __future__ import annotations

from datetime import date, datetime

from markupsafe import Markup, escape
from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.timeutil import UTCDateTime, utcnow

KINDS = {
    "team": "Team exercise",
    "managers": "Team managers' exercise",
    "senior": "Senior managers' exercise",
}
# Which kind of exercise takes its starting list from which.
UPSTREAM_KIND = {"managers": "team", "senior": "managers"}
SIDES = {"advantage": "Advantages", "challenge": "Challenges"}
# Who may read the record once published (before, its participants and champions do).
AUDIENCES = {
    "members": "Participants and SDS Champions",
    "staff": "All staff",
    "partners": "Staff and partners",
}
CARD_MAX = 200
CLUSTER_NAME_MAX = 80


class WorkshopParticipant(db.Model):
    """A person taking part, chosen by name or as a member of a whole team."""

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), primary_key=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    via_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)

    workshop: Mapped["Workshop"] = relationship(back_populates="participants")
    user = relationship("User")


class WorkshopLink(db.Model):
    """An earlier exercise whose items this one takes as its starting list (team -> managers -> senior)."""

    source_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), primary_key=True, index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), primary_key=True, index=True)


class Workshop(db.Model):
    """One exercise, run live by a facilitator; its record is published to an audience."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    visibility: Mapped[str] = mapped_column(String(20), default="members", index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    next_steps: Mapped[str] = mapped_column(Text, default="")
    next_steps_html: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date | None] = mapped_column(Date, index=True)
    review_reminded_on: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    participants: Mapped[list[WorkshopParticipant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan")
    facilitator = relationship("User", foreign_keys=[facilitator_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    team = relationship("Team")
    sources: Mapped[list["Workshop"]] = relationship(
        secondary="workshop_link", primaryjoin="Workshop.id == WorkshopLink.target_id",
        secondaryjoin="Workshop.id == WorkshopLink.source_id", order_by="Workshop.held_on", viewonly=True)
    targets: Mapped[list["Workshop"]] = relationship(
        secondary="workshop_link", primaryjoin="Workshop.id == WorkshopLink.source_id",
        secondaryjoin="Workshop.id == WorkshopLink.target_id", order_by="Workshop.held_on", viewonly=True)
    cards: Mapped[list["Card"]] = relationship(back_populates="workshop", order_by="Card.id")
    clusters: Mapped[list["Cluster"]] = relationship(back_populates="workshop",
                                                     order_by="(Cluster.position, Cluster.id)")
    items: Mapped[list["Item"]] = relationship(back_populates="workshop", order_by="Item.id",
                                               foreign_keys="Item.workshop_id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def participant_ids(self) -> set[int]:
        return {p.user_id for p in self.participants}

    def live_clusters(self, side: str | None = None) -> list["Cluster"]:
        """Clusters not merged into another, of one side or both."""
        return [c for c in self.clusters if c.merged_into_id is None and (side is None or c.side == side)]

    def items_in(self, section: str) -> list["Item"]:
        return [item for item in self.items if item.section == section]


class Cluster(db.Model):
    """A named group of cards; merged clusters are kept (merged_into) so nothing is lost."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    side: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(CLUSTER_NAME_MAX))
    position: Mapped[int] = mapped_column(default=0)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    workshop: Mapped[Workshop] = relationship(back_populates="clusters")
    merged_into: Mapped["Cluster | None"] = relationship(remote_side=[id])
    cards: Mapped[list["Card"]] = relationship(back_populates="cluster", order_by="Card.id")
    items: Mapped[list["Item"]] = relationship(back_populates="cluster", order_by="Item.id")

    __mapper_args__ = {"version_id_col": version}

    def items_in(self, section: str) -> list["Item"]:
        return [item for item in self.items if item.section == section]


class Card(db.Model):
    """One idea on a card: an advantage or a challenge of SDS for the team."""

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id"), index=True)
    side: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(CARD_MAX))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    workshop: Mapped[Workshop] = relationship(back_populates="cards")
    cluster: Mapped[Cluster | None] = relationship(back_populates="cards")
    author = relationship("User")

    __mapper_args__ = {"version_id_col": version}


class Item(db.Model):
    """A line in one of an exercise's sections (a solution, a plan, an issue, a factor, an answer ...).

    `section` names its place (champions.workshops.sections); `text` is its main field and `data` the
    section's other fields. `origin` is the item of an earlier exercise it was passed on from (once per
    exercise), `answers` the starting-list item of this exercise it takes up, so its history is never lost.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id"), index=True)
    section: Mapped[str] = mapped_column(String(30), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("cluster.id"), index=True)
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    # The starting-list item of this same exercise it answers (an issue for senior managers, an authority action).
    answers_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # Each written field (`text` and the section's long fields) as sanitised HTML, rendered once at write time
    # with its @mentions linked. Items written before it was kept show their plain words.
    html: Mapped[dict | None] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    workshop: Mapped[Workshop] = relationship(back_populates="items", foreign_keys=[workshop_id])
    cluster: Mapped[Cluster | None] = relationship(back_populates="items")
    origin: Mapped["Item | None"] = relationship(remote_side=[id], back_populates="passed_on",
                                                 foreign_keys=[origin_id])
    passed_on: Mapped[list["Item"]] = relationship(back_populates="origin", order_by="Item.id",
                                                   foreign_keys=[origin_id])
    answers: Mapped["Item | None"] = relationship(remote_side=[id], back_populates="answered_by",
                                                  foreign_keys=[answers_id])
    answered_by: Mapped[list["Item"]] = relationship(back_populates="answers", order_by="Item.id",
                                                     foreign_keys=[answers_id])
    author = relationship("User")
    action = relationship("Action")

    __table_args__ = (UniqueConstraint("workshop_id", "origin_id", name="uq_item_workshop_origin"),)
    __mapper_args__ = {"version_id_col": version}

    def value(self, name: str):
        """One of its fields by name (`text` or a key of `data`)."""
        return self.text if name == "text" else (self.data or {}).get(name)

    def shown(self, name: str = "text") -> Markup:
        """One written field as the page shows it: its stored HTML (mentions linked), else its words escaped."""
        stored = (self.html or {}).get(name)
        return Markup(stored) if stored is not None else escape(self.value(name) or "")
