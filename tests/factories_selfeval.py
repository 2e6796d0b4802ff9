"""Factories for self-evaluations: add and flush, never commit."""
from __future__ import annotations

import itertools

from champions.extensions import db
from champions.questions.models import Tag
from champions.selfeval import service
from champions.selfeval.models import ContributorRating, EvaluationStandard, Evidence, SelfEvaluation
from champions.timeutil import utcnow
from tests import factories

_seq = itertools.count(1)


def standard_tag(number: int | None = None, name: str | None = None) -> Tag:
    """An SDS standard (a taxonomy tag of kind "standard", 2024 edition)."""
    n = number or (100 + next(_seq))
    tag = Tag(kind="standard", slug=f"standard-t{n}-{next(_seq)}", name=name or f"Standard {n}: Test standard {n}",
              edition="2024", sort_order=n)
    db.session.add(tag)
    db.session.flush()
    return tag


def evaluation(lead=None, *, tags=None, contributors=(), team=None, teams=None, scope: str = "team",
               status: str = "in_progress", visibility: str = "staff", title: str | None = None,
               previous=None, published_at=None) -> SelfEvaluation:
    """An evaluation of a team (by default) against the given standards (two new ones by default)."""
    lead = lead or factories.user("champion")
    team_list = list(teams) if teams is not None else ([] if scope == "partnership" else [team or factories.team()])
    tags = list(tags) if tags is not None else [standard_tag(), standard_tag()]
    item = SelfEvaluation(title=title or f"Evaluation {next(_seq)}", scope=scope,
                          scope_key=service.scope_key(scope, [t.id for t in team_list]), status=status,
                          visibility=visibility, lead=lead, teams=team_list, contributors=list(contributors),
                          previous=previous)
    if status == "published":
        item.published_at = published_at or utcnow()
    for position, tag in enumerate(tags, 1):
        item.standards.append(EvaluationStandard(tag=tag, position=position))
    db.session.add(item)
    db.session.flush()
    return item


def rating(standard: EvaluationStandard, contributor, value: int, looks_like: str = "Good conversations happen.") -> ContributorRating:
    item = ContributorRating(standard=standard, contributor_id=contributor.id, rating=value, looks_like=looks_like,
                             looks_like_html=f"<p>{looks_like}</p>")
    db.session.add(item)
    db.session.flush()
    return item


def agree(standard: EvaluationStandard, value: int, reason: str = "Most of us agree.", by=None) -> EvaluationStandard:
    standard.agreed_rating, standard.agreed_reason, standard.agreed_reason_html = value, reason, f"<p>{reason}</p>"
    standard.agreed_by_id = (by or standard.evaluation.lead).id
    standard.agreed_at = utcnow()
    db.session.flush()
    return standard


def link(standard: EvaluationStandard, kind: str, object_id: int, by=None) -> Evidence:
    item = Evidence(standard=standard, kind=kind, object_id=object_id, added_by_id=getattr(by, "id", None))
    db.session.add(item)
    db.session.flush()
    return item


def text(standard: EvaluationStandard, words: str = "Audit of 20 case files: outcomes recorded in 15.", by=None) -> Evidence:
    item = Evidence(standard=standard, kind="text", text=words, text_html=f"<p>{words}</p>",
                    added_by_id=getattr(by, "id", None))
    db.session.add(item)
    db.session.flush()
    return item
