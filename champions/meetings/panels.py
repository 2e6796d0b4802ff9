"""What meetings add to other pages: the home panel and the links back from a question."""
from __future__ import annotations

from flask import g
from flask_login import current_user
from sqlalchemy import exists, or_, select

from champions import permissions
from champions.extensions import db
from champions.main.panels import Panel, home_panel
from champions.people.needs import ask_with_counts
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


def _question_meetings_query(question, user):
    """Meetings that discussed this question and that this person may see, by date."""
    on_agenda = exists().where(agenda_item_question.c.question_id == question.id,
                               AgendaItem.id == agenda_item_question.c.agenda_item_id,
                               AgendaItem.meeting_id == Meeting.id, AgendaItem.removed.is_(False))
    in_issue = exists().where(issue_question.c.question_id == question.id,
                              IssueIdentified.id == issue_question.c.issue_id,
                              IssueIdentified.meeting_id == Meeting.id, IssueIdentified.removed.is_(False))
    return select(Meeting).where(or_(on_agenda, in_issue), service.visible_clause(user)).order_by(Meeting.starts_at)


def ask_meetings_for_question(question, user) -> None:
    """Ask, with the navigation's counts, whether the question page will list any meetings: most questions
    were never discussed, and then `meetings_for_question` needs no query of its own."""
    g.hub_question_meetings = (question.id, ask_with_counts(_question_meetings_query(question, user), lambda: False))


def meetings_for_question(question) -> list[Meeting]:
    """Meetings that discussed this question and that the current user may see (one query, or none when the
    navigation's counts answered `ask_meetings_for_question` with no)."""
    if question is None or not current_user.is_authenticated:
        return []
    asked = g.get("hub_question_meetings")
    if asked is not None and asked[0] == question.id and asked[1].value is False:
        return []
    return list(db.session.scalars(_question_meetings_query(question, current_user)))


@bp.app_context_processor
def inject_meeting_links():
    """Templates anywhere may call meetings_for_question(question)."""
    return {"meetings_for_question": meetings_for_question}
