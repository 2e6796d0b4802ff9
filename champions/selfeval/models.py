"""Self-evaluation against the SDS standards: evaluations, each standard's ratings, evidence and actions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from champions.extensions import db
from champions.revisions.models import versions_of
from champions.timeutil import UTCDateTime, utcnow

# The six-point scale Scottish self-evaluation frameworks use.
RATINGS = {1: "Unsatisfactory", 2: "Weak", 3: "Adequate", 4: "Good", 5: "Very good", 6: "Excellent"}
STATUSES = {"in_progress": "In progress", "published": "Published"}
SCOPES = {"team": "A team", "teams": "A group of teams", "partnership": "The whole partnership"}

self_evaluation_team = Table(
    "self_evaluation_team", db.metadata,
    Column("evaluation_id", ForeignKey("self_evaluation.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True, index=True),
)
self_evaluation_contributor = Table(
    "self_evaluation_contributor", db.metadata,
    Column("evaluation_id", ForeignKey("self_evaluation.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True),
)


def rating_label(value: int | None) -> str:
    """"4 Good" for 4; "Not rated" for none."""
    return f"{value} {RATINGS[value]}" if value in RATINGS else "Not rated"


class SelfEvaluation(db.Model):
    """One snapshot of where a team, a group of teams or the partnership stands against chosen standards."""

    __tablename__ = "self_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20), default="team")
    # What makes two evaluations snapshots of the same thing: "team:3", "teams:3,5" or "partnership".
    scope_key: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default="in_progress", index=True)
    # Who may read it once published (while in progress: its contributors and the champions).
    visibility: Mapped[str] = mapped_column(String(20), default="staff", index=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("self_evaluation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    lead = relationship("User", foreign_keys=[lead_id])
    previous: Mapped["SelfEvaluation | None"] = relationship(remote_side=[id])
    teams = relationship("Team", secondary=self_evaluation_team, order_by="Team.name")
    contributors = relationship("User", secondary=self_evaluation_contributor, order_by="User.display_name")
    standards: Mapped[list["EvaluationStandard"]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="EvaluationStandard.position")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def scope_label(self) -> str:
        """"North Team", "North Team and South Team" or "The whole partnership"."""
        if self.scope == "partnership":
            return "The whole partnership"
        names = [team.name for team in self.teams]
        return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)

    def is_contributor(self, user) -> bool:
        return user is not None and any(person.id == getattr(user, "id", None) for person in self.contributors)


class EvaluationStandard(db.Model):
    """One standard within an evaluation: contributors' ratings, the agreed rating, evidence and actions."""

    __tablename__ = "self_evaluation_standard"
    __table_args__ = (UniqueConstraint("evaluation_id", "tag_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("self_evaluation.id"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), index=True)  # a Tag of kind "standard"
    position: Mapped[int] = mapped_column(default=0)
    agreed_rating: Mapped[int | None] = mapped_column()
    agreed_reason: Mapped[str] = mapped_column(Text, default="")
    agreed_reason_html: Mapped[str] = mapped_column(Text, default="")
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    strengths: Mapped[str] = mapped_column(Text, default="")
    strengths_html: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    improvements_html: Mapped[str] = mapped_column(Text, default="")
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    evaluation: Mapped[SelfEvaluation] = relationship(back_populates="standards")
    tag = relationship("Tag")
    agreed_by = relationship("User", foreign_keys=[agreed_by_id])
    ratings: Mapped[list["ContributorRating"]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="ContributorRating.id")
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="Evidence.id")
    action_links: Mapped[list["ImprovementAction"]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="ImprovementAction.id")
    # The agreed rating, reason, strengths and areas as they were before each correction after publishing.
    revisions = versions_of("selfeval_standard", "EvaluationStandard")

    @property
    def name(self) -> str:
        return self.tag.name

    @property
    def agreed_label(self) -> str:
        return rating_label(self.agreed_rating)

    @property
    def spread(self) -> tuple[int, int] | None:
        """The lowest and highest contributor ratings, or None before anyone rates."""
        values = [r.rating for r in self.ratings]
        return (min(values), max(values)) if values else None

    @property
    def live_evidence(self) -> list["Evidence"]:
        return [item for item in self.evidence if not item.withdrawn]

    @property
    def has_hub_evidence(self) -> bool:
        """Is any Hub content linked (not only free text)? Without it the evidence is thin."""
        return any(item.kind != "text" for item in self.live_evidence)

    @property
    def actions(self) -> list:
        return [link.action for link in self.action_links]


class ContributorRating(db.Model):
    """One contributor's rating of one standard, with what it looks like here."""

    __tablename__ = "self_evaluation_rating"
    __table_args__ = (UniqueConstraint("standard_id", "contributor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("self_evaluation_standard.id"), index=True)
    contributor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    rating: Mapped[int] = mapped_column()
    looks_like: Mapped[str] = mapped_column(Text, default="")
    looks_like_html: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    standard: Mapped[EvaluationStandard] = relationship(back_populates="ratings")
    contributor = relationship("User")

    @property
    def label(self) -> str:
        return rating_label(self.rating)


class Evidence(db.Model):
    """A link to Hub content (kind and id, titled when shown) or free-text evidence, for one standard."""

    __tablename__ = "self_evaluation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("self_evaluation_standard.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # "text", or a kind in champions.selfeval.evidence.KINDS
    object_id: Mapped[int | None] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Nothing people write is deleted: evidence taken off is withdrawn and kept.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    standard: Mapped[EvaluationStandard] = relationship(back_populates="evidence")
    added_by = relationship("User")

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ImprovementAction(db.Model):
    """An improvement action for one standard: an Action in the shared actions tracker."""

    __tablename__ = "self_evaluation_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("self_evaluation_standard.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), unique=True, index=True)

    standard: Mapped[EvaluationStandard] = relationship(back_populates="action_links")
    action = relationship("Action")
