"""Improvement actions join the meetings' actions tracker: who sees them, and where they were raised."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from champions import permissions
from champions.extensions import db
from champions.meetings import service as meetings
from champions.meetings.models import Action
from champions.questions.models import Tag
from champions.selfeval.models import EvaluationStandard, ImprovementAction, SelfEvaluation


def _clause(user):
    """SQL on Action: improvement actions of evaluations this person may read."""
    readable = (select(ImprovementAction.action_id)
                .join(EvaluationStandard, EvaluationStandard.id == ImprovementAction.standard_id)
                .join(SelfEvaluation, SelfEvaluation.id == EvaluationStandard.evaluation_id)
                .where(permissions.EVALUATION.clause(user)))
    return Action.id.in_(readable)


def _origins(action_ids: list[int]):
    """The evaluation and standard each of these improvement actions belongs to (run with the other sources')."""
    return (select(ImprovementAction.action_id.label("action_id"), SelfEvaluation.title.label("title"),
                   Tag.name.label("detail"), SelfEvaluation.id.label("ref"), EvaluationStandard.id.label("ref2"))
            .join(EvaluationStandard, EvaluationStandard.id == ImprovementAction.standard_id)
            .join(SelfEvaluation, SelfEvaluation.id == EvaluationStandard.evaluation_id)
            .join(Tag, Tag.id == EvaluationStandard.tag_id)
            .where(ImprovementAction.action_id.in_(action_ids)))


def _origin(row) -> tuple[str, str]:
    """"Self-evaluation: North Team, Standard 3" and the standard's place on the evaluation page."""
    return (f"{row.title}: {row.detail}",
            url_for("selfeval.detail", evaluation_id=row.ref, _anchor=f"standard-{row.ref2}"))


def _audience(action: Action):
    """An improvement action is told to those who may read its evaluation."""
    evaluation = db.session.scalar(
        select(SelfEvaluation).join(EvaluationStandard, EvaluationStandard.evaluation_id == SelfEvaluation.id)
        .join(ImprovementAction, ImprovementAction.standard_id == EvaluationStandard.id)
        .where(ImprovementAction.action_id == action.id))
    if evaluation is None:
        return None
    return permissions.EVALUATION.access_label(evaluation), f"selfeval:{evaluation.id}"


meetings.register_action_source(meetings.ActionSource("selfeval", _clause, _origins, _origin, _audience))
