"""Redaction beyond the post: the copies of its words in meetings (agenda, notes, revisions) and in reports."""
from __future__ import annotations

from sqlalchemy import and_, or_, select

from champions import markdown, privacy, search
from champions.extensions import db
from champions.meetings.models import (AgendaItem, IssueIdentified, Meeting, agenda_item_question,
                                       issue_question)
from champions.moderation.models import Flag
from champions.questions.models import Answer


def _redact_fields(obj, texts: list[str], fields: dict[str, int | None]) -> int:
    """Redact each field (cut to its column length); how many changed."""
    changed = 0
    for name, limit in fields.items():
        value = getattr(obj, name) or ""
        new = privacy.redact(value, texts)
        if new != value:
            setattr(obj, name, new[:limit] if limit else new)
            changed += 1
    return changed


def _meetings_discussing(question_id: int) -> list[Meeting]:
    """Meetings with an agenda item or an issue linked to the question (removed ones too)."""
    by_item = (select(AgendaItem.meeting_id).join(agenda_item_question, agenda_item_question.c.agenda_item_id == AgendaItem.id)
               .where(agenda_item_question.c.question_id == question_id))
    by_issue = (select(IssueIdentified.meeting_id).join(issue_question, issue_question.c.issue_id == IssueIdentified.id)
                .where(issue_question.c.question_id == question_id))
    return list(db.session.scalars(select(Meeting).where(or_(Meeting.id.in_(by_item), Meeting.id.in_(by_issue)))))


def redact_meetings(question_id: int, texts: list[str]) -> int:
    """Redact the texts everywhere in the meetings that discussed the question, revisions included; places changed.

    Agenda item titles are copied from the question, and notes, decisions and revisions may quote it.
    """
    changed = 0
    for meeting in _meetings_discussing(question_id):
        before = changed
        changed += _redact_fields(meeting, texts, {"title": 200})
        for item in meeting.items:
            if _redact_fields(item, texts, {"title": 200, "notes": None, "decisions": None}):
                item.notes_html, item.decisions_html = str(markdown.render(item.notes)), str(markdown.render(item.decisions))
                changed += 1
        for issue in meeting.issues:
            if _redact_fields(issue, texts, {"text": None}):
                issue.text_html = str(markdown.render(issue.text))
                changed += 1
        for action in meeting.actions:
            changed += _redact_fields(action, texts, {"what": 500})
        for revision in meeting.revisions:
            changed += _redact_fields(revision, texts, {"summary": 300, "content": None})
        if changed != before:
            search.enqueue("meeting", meeting.id)
    return changed


def redact_flag_notes(question_id: int, texts: list[str]) -> int:
    """Redact the texts from the notes of reports on the question and its answers; places changed."""
    answers = select(Answer.id).where(Answer.question_id == question_id)
    flags = db.session.scalars(select(Flag).where(or_(
        and_(Flag.content_type == "question", Flag.object_id == question_id),
        and_(Flag.content_type == "answer", Flag.object_id.in_(answers)))))
    return sum(_redact_fields(flag, texts, {"note": 1000}) for flag in flags)
