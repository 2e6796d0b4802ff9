"""Summaries: the partnership view, change over time (with a server-drawn chart) and the CSV export."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from champions import permissions
from champions.extensions import db
from champions.induction.report import safe_cell
from champions.practice.models import PracticeExample, practice_example_tag
from champions.questions.models import Tag
from champions.selfeval import evidence as kinds
from champions.meetings.models import Action
from champions.selfeval.models import (RATINGS, ContributorRating, EvaluationStandard, Evidence,
                                       ImprovementAction, SelfEvaluation)
from champions.timeutil import format_date, to_local


def _with_standards():
    """What the partnership view and the CSV read of each evaluation, loaded once for all of them."""
    standards = selectinload(SelfEvaluation.standards)
    # Many-to-one (a tag, a person, an action) joined to the rows that name it: no query of its own.
    return (selectinload(SelfEvaluation.teams), standards.joinedload(EvaluationStandard.tag),
            standards.joinedload(EvaluationStandard.agreed_by),
            standards.selectinload(EvaluationStandard.ratings).joinedload(ContributorRating.contributor),
            standards.selectinload(EvaluationStandard.evidence).joinedload(Evidence.added_by),
            standards.selectinload(EvaluationStandard.action_links).joinedload(ImprovementAction.action)
            .joinedload(Action.owner))


def published_for(user, scope_key: str | None = None) -> list[SelfEvaluation]:
    """Published evaluations this person may read, oldest first (of one scope when given)."""
    query = select(SelfEvaluation).where(SelfEvaluation.status == "published",
                                         permissions.EVALUATION.listed_clause(user))
    if scope_key is not None:
        query = query.where(SelfEvaluation.scope_key == scope_key)
    return list(db.session.scalars(query.order_by(SelfEvaluation.published_at, SelfEvaluation.id)
                                   .options(*_with_standards())))


def readable(user) -> list[SelfEvaluation]:
    """Every evaluation this person may read, in progress or published, oldest first."""
    return list(db.session.scalars(select(SelfEvaluation).where(permissions.EVALUATION.listed_clause(user))
                                   .order_by(SelfEvaluation.created_at, SelfEvaluation.id)
                                   .options(*_with_standards())))


def latest_by_scope(user) -> list[SelfEvaluation]:
    """The latest published evaluation of each team, group of teams or the partnership, by name."""
    latest: dict[str, SelfEvaluation] = {}
    for evaluation in published_for(user):
        latest[evaluation.scope_key] = evaluation
    return sorted(latest.values(), key=lambda e: e.scope_label.lower())


def standards_without_examples() -> list[Tag]:
    """Standards no practice example in the library (published, in the open) is tagged with."""
    counted = (select(practice_example_tag.c.tag_id, func.count().label("n"))
               .join(PracticeExample, PracticeExample.id == practice_example_tag.c.example_id)
               .where(permissions.PRACTICE_EXAMPLE.open_clause()).group_by(practice_example_tag.c.tag_id)
               .subquery())
    return list(db.session.scalars(
        select(Tag).outerjoin(counted, counted.c.tag_id == Tag.id)
        .where(Tag.kind == "standard", func.coalesce(counted.c.n, 0) == 0)
        .order_by(Tag.edition.desc(), Tag.sort_order)))


# --- change over time -------------------------------------------------------------------
WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 150, 130, 20, 60
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass
class Series:
    """One standard's agreed ratings across the snapshots, with its points on the chart."""

    tag: Tag
    ratings: list[int | None]
    number: int
    points: list[tuple[float, float, int]] = field(default_factory=list)  # (x, y, rating)

    @property
    def marker(self) -> str:
        return MARKERS[(self.number - 1) % len(MARKERS)]

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)

    @property
    def short(self) -> str:
        return self.tag.name.split(":")[0]


@dataclass
class Chart:
    """Everything the template needs to draw the SVG: sizes, axes and one series per standard."""

    snapshots: list[SelfEvaluation]
    series: list[Series]
    width: int = WIDTH
    height: int = HEIGHT
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    end_labels: list[tuple[float, float, str]] = field(default_factory=list)  # lines ending together share one
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    plot: tuple[int, int, int, int] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)


def _y(rating: int) -> float:
    return TOP + (6 - rating) * (HEIGHT - TOP - BOTTOM) / 5


def change_chart(snapshots: list[SelfEvaluation]) -> Chart:
    """Agreed ratings per standard across snapshots, laid out for a server-drawn SVG line chart."""
    count = len(snapshots)
    span = WIDTH - LEFT - RIGHT

    def x(i: int) -> float:
        return LEFT + (span / 2 if count == 1 else i * span / (count - 1))

    tags: dict[int, Tag] = {}
    for snapshot in snapshots:
        for standard in snapshot.standards:
            tags.setdefault(standard.tag_id, standard.tag)
    series = []
    for number, tag in enumerate(sorted(tags.values(), key=lambda t: (t.sort_order, t.name)), 1):
        ratings = [next((s.agreed_rating for s in snap.standards if s.tag_id == tag.id), None) for snap in snapshots]
        item = Series(tag, ratings, number)
        item.points = [(x(i), _y(r), r) for i, r in enumerate(ratings) if r is not None]
        series.append(item)
    chart = Chart(snapshots, series)
    ends: dict[tuple[float, float], list[str]] = {}
    for item in series:
        if item.points:
            ends.setdefault(item.points[-1][:2], []).append(item.short.replace("Standard ", "S"))
    chart.end_labels = [(x + 10, y + 4, ", ".join(names)) for (x, y), names in ends.items()]
    chart.x_ticks = [(x(i), format_date(to_local(s.published_at).date())) for i, s in enumerate(snapshots)]
    chart.y_ticks = [(_y(n), f"{n} {word}") for n, word in RATINGS.items()]
    return chart


# --- CSV -----------------------------------------------------------------------------------
CSV_COLUMNS = ["Evaluation", "Evaluation id", "Scope", "Status", "Published", "Standard", "Record",
               "Who", "Rating", "Rating word", "Text", "Linked content", "Linked title", "Link",
               "Due", "Action status"]


def csv_text(user, evaluations: list[SelfEvaluation]) -> str:
    """Ratings (each contributor's and the agreed one), evidence links and actions, one row each."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    links = kinds.resolve_many([(item.kind, item.object_id) for evaluation in evaluations
                                for standard in evaluation.standards for item in standard.live_evidence
                                if item.kind != "text"], user)
    for evaluation in evaluations:
        head = [evaluation.title, evaluation.id, evaluation.scope_label, evaluation.status_label,
                format_date(to_local(evaluation.published_at).date()) if evaluation.published_at else ""]
        for standard in evaluation.standards:
            rows = [["rating", r.contributor.display_name, r.rating, RATINGS[r.rating], r.looks_like, "", "", "", "", ""]
                    for r in standard.ratings]
            if standard.agreed_rating is not None:
                rows.append(["agreed", standard.agreed_by.display_name if standard.agreed_by else "",
                             standard.agreed_rating, RATINGS[standard.agreed_rating], standard.agreed_reason,
                             "", "", "", "", ""])
            rows += [_evidence_row(item, links) for item in standard.live_evidence]
            rows += [["action", a.owner.display_name, "", "", a.what, "", "", "",
                      a.due_on.isoformat() if a.due_on else "", a.status] for a in standard.actions]
            for row in rows:
                writer.writerow([safe_cell(v) for v in head + [standard.name] + row])
    return out.getvalue()


def _evidence_row(item, links: dict) -> list:
    if item.kind == "text":
        return ["evidence", item.added_by.display_name if item.added_by else "", "", "", item.text, "", "", "", "", ""]
    link = links.get((item.kind, item.object_id))
    title = link.title if link and link.visible else "(content you cannot see)"
    return ["evidence", item.added_by.display_name if item.added_by else "", "", "", "",
            link.label if link else item.kind, title, link.url if link and link.visible else "", "", ""]


def thin(standard: EvaluationStandard) -> bool:
    """No linked Hub evidence (free text alone does not count)."""
    return not standard.has_hub_evidence
