"""Improvement actions join the meetings' actions tracker: who sees them, and where they were raised."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from champions import permissions
from champions.extensions import db
from champions.meetings import service as meetings
from champions.meetings.models import Action
from champions.selfeval.models import EvaluationStandard, ImprovementAction, SelfEvaluation


def _clause(user):
    """SQL on Action: improvement actions of evaluations this person may read."""
    readable = (select(ImprovementAction.action_id)
                .join(EvaluationStandard, EvaluationStandard.id == ImprovementAction.standard_id)
                .join(SelfEvaluation, SelfEvaluation.id == EvaluationStandard.evaluation_id)
                .where(permissions.EVALUATION.clause(user)))
    return Action.id.in_(readable)


def _origins(action_ids: list[int]) -> dict[int, tuple[str, str]]:
    """"Self-evaluation: North Team, Standard 3" and the standard's place on the evaluation page."""
    rows = db.session.execute(
        select(ImprovementAction.action_id, SelfEvaluation, EvaluationStandard)
        .join(EvaluationStandard, EvaluationStandard.id == ImprovementAction.standard_id)
        .join(SelfEvaluation, SelfEvaluation.id == EvaluationStandard.evaluation_id)
        .where(ImprovementAction.action_id.in_(action_ids))
        .options(joinedload(EvaluationStandard.tag))).all()
    return {action_id: (f"{evaluation.title}: {standard.name}",
                        url_for("selfeval.detail", evaluation_id=evaluation.id, _anchor=f"standard-{standard.id}"))
            for action_id, evaluation, standard in rows}


def _audience(action: Action):
    """An improvement action is told to those who may read its evaluation."""
    evaluation = db.session.scalar(
        select(SelfEvaluation).join(EvaluationStandard, EvaluationStandard.evaluation_id == SelfEvaluation.id)
        .join(ImprovementAction, ImprovementAction.standard_id == EvaluationStandard.id)
        .where(ImprovementAction.action_id == action.id))
    if evaluation is None:
        return None
    return permissions.EVALUATION.access_label(evaluation), f"selfeval:{evaluation.id}"


meetings.register_action_source(meetings.ActionSource("selfeval", _clause, _origins, _audience))
