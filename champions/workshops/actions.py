"""Workshop "action now" items join the meetings' actions tracker: who sees them, and where they were raised."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import Integer, String, null, select

from champions import permissions
from champions.meetings import service as meetings
from champions.meetings.models import Action
from champions.workshops.models import Workshop


def _clause(user):
    """SQL on Action: actions agreed at workshops this person may read."""
    return Action.workshop.has(permissions.WORKSHOP.clause(user))


def _origins(action_ids: list[int]):
    """The workshop each of these actions was agreed at (action_origins runs it with the other sources')."""
    return (select(Action.id.label("action_id"), Workshop.title.label("title"), null().cast(String).label("detail"),
                   Workshop.id.label("ref"), null().cast(Integer).label("ref2"))
            .join(Workshop, Workshop.id == Action.workshop_id).where(Action.id.in_(action_ids)))


def _origin(row) -> tuple[str, str]:
    """The workshop, and its "action now" section."""
    return row.title, url_for("workshops.detail", workshop_id=row.ref, _anchor="actions-now")


def _audience(action: Action):
    """An action agreed at a workshop is told to those who may read the workshop."""
    if action.workshop_id is None:
        return None
    return permissions.WORKSHOP.access_label(action.workshop), f"workshop:{action.workshop_id}"


meetings.register_action_source(meetings.ActionSource("workshop", _clause, _origins, _origin, _audience))
