"""Workshop "action now" items join the meetings' actions tracker: who sees them, and where they were raised."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from champions import permissions
from champions.extensions import db
from champions.meetings import service as meetings
from champions.meetings.models import Action
from champions.workshops.models import Workshop


def _clause(user):
    """SQL on Action: actions agreed at workshops this person may read."""
    return Action.workshop.has(permissions.WORKSHOP.clause(user))


def _origins(action_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The workshop each action was agreed at, and its "action now" section."""
    rows = db.session.execute(select(Action.id, Workshop.id, Workshop.title)
                              .join(Workshop, Workshop.id == Action.workshop_id).where(Action.id.in_(action_ids)))
    return {action_id: (title, url_for("workshops.detail", workshop_id=workshop_id, _anchor="actions-now"))
            for action_id, workshop_id, title in rows}


def _audience(action: Action):
    """An action agreed at a workshop is told to those who may read the workshop."""
    if action.workshop_id is None:
        return None
    return permissions.WORKSHOP.access_label(action.workshop), f"workshop:{action.workshop_id}"


meetings.register_action_source(meetings.ActionSource("workshop", _clause, _origins, _audience))
