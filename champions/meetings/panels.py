"""What meetings add to other pages: the home panel and the links back from a question."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import exists, or_, select

from champions import permissions
from champions.extensions import db
from champions.main.panels import Panel, home_panel
from champions.meetings import bp, service
from champions.meetings.models import AgendaItem, IssueIdentified, Meeting, agenda_item_question, issue_question


@home_panel(order=30)
def next_meeting_panel(user):
    """The next meeting this person may see and, for those who own them, their open actions."""
    meeting = service.next_meeting(user)
    actions = service.open_actions_for(user) if permissions.is_staff(user) else []
    if meeting is None and not actions:
        return None
    return Panel("meetings/_home_panel.html", {"meeting": meeting, "actions": actions,
                                                "today": service.today()})


def meetings_for_question(question) -> list[Meeting]:
    """Meetings that discussed this question and that the current user may see (one query)."""
    if question is None or not current_user.is_authenticated:
        return []
    on_agenda = exists().where(agenda_item_question.c.question_id == question.id,
                               AgendaItem.id == agenda_item_question.c.agenda_item_id,
                               AgendaItem.meeting_id == Meeting.id, AgendaItem.removed.is_(False))
    in_issue = exists().where(issue_question.c.question_id == question.id,
                              IssueIdentified.id == issue_question.c.issue_id,
                              IssueIdentified.meeting_id == Meeting.id, IssueIdentified.removed.is_(False))
    return list(db.session.scalars(select(Meeting).where(or_(on_agenda, in_issue),
                                                         service.visible_clause(current_user))
                                   .order_by(Meeting.starts_at)))


@bp.app_context_processor
def inject_meeting_links():
    """Templates anywhere may call meetings_for_question(question)."""
    return {"meetings_for_question": meetings_for_question}
