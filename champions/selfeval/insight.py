"""The insights figure for self-evaluation: progress against each SDS standard (rated, agreed, published)."""
from __future__ import annotations

from sqlalchemy import case, distinct, func, or_, select

from champions.extensions import db
from champions.insights.figures import bounds
from champions.insights.panels import Figure, Filters, panel
from champions.questions.models import Tag
from champions.selfeval.models import ContributorRating, EvaluationStandard, SelfEvaluation, self_evaluation_team


@panel("selfeval", "Self-evaluation progress by standard",
       "Self-evaluations under way at some point in the period (started by its end, not published before "
       "its start; the team is one the evaluation covers): for each SDS standard, how many evaluations "
       "include it, contributors' ratings given, ratings agreed, and evaluations published.", order=95)
def selfeval_progress(filters: Filters) -> Figure:
    """Per standard: agreed ratings, evaluations, contributors' ratings and published evaluations: one query."""
    start, end = bounds(filters)
    active = [SelfEvaluation.created_at < end,
              or_(SelfEvaluation.published_at.is_(None), SelfEvaluation.published_at >= start)]
    if filters.team_id:
        active.append(SelfEvaluation.id.in_(select(self_evaluation_team.c.evaluation_id)
                                            .where(self_evaluation_team.c.team_id == filters.team_id)))
    agreed = case((EvaluationStandard.agreed_rating.isnot(None), EvaluationStandard.id))
    published = case((SelfEvaluation.status == "published", SelfEvaluation.id))
    query = (select(Tag.name, Tag.edition, func.count(distinct(EvaluationStandard.id)),
                    func.count(distinct(ContributorRating.id)), func.count(distinct(agreed)),
                    func.count(distinct(published)))
             .select_from(EvaluationStandard)
             .join(SelfEvaluation, SelfEvaluation.id == EvaluationStandard.evaluation_id)
             .join(Tag, Tag.id == EvaluationStandard.tag_id)
             .outerjoin(ContributorRating, ContributorRating.standard_id == EvaluationStandard.id)
             .where(*active)
             .group_by(Tag.id, Tag.name, Tag.edition, Tag.sort_order)
             .order_by(Tag.sort_order, Tag.name))
    rows = [(f"{name} ({edition} edition)" if edition else name, int(agreed_n), int(evaluations), int(ratings),
             int(published_n)) for name, edition, evaluations, ratings, agreed_n, published_n in db.session.execute(query)]
    summary = [f"{sum(r[1] for r in rows)} of {sum(r[2] for r in rows)} standards being evaluated have an agreed "
               "rating."] if rows else []
    return Figure(("Standard", "Ratings agreed", "Evaluations including it", "Contributors' ratings",
                   "Published evaluations including it"), rows, summary=summary,
                  empty="No self-evaluations under way in this period.")
