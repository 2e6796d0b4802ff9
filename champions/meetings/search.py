"""Meetings in search: one document per meeting with its agenda, notes, decisions and issues."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.markdown import to_plain_text
from champions.meetings.models import Meeting
from champions.permissions import MEETING
from champions.search import SearchDocument, SearchType, register


def documents_for(meeting_id: int) -> list[SearchDocument]:
    """The meeting's document now; drafts are for champions only."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return []
    label = MEETING.search_label(meeting)
    parts = []
    for item in meeting.agenda:
        parts += [item.title, to_plain_text(item.notes), to_plain_text(item.decisions)]
    parts += [to_plain_text(issue.text) for issue in meeting.open_issues]
    parts += [action.what for action in meeting.actions]
    return [SearchDocument(
        doc_id=f"meeting:{meeting.id}", kind="meeting", title=meeting.title,
        body="\n".join(p for p in parts if p), url=f"/meetings/{meeting.id}",
        visibility=label.level, owner_id=label.owner_id,
        created_at=meeting.starts_at,
    )]


def all_ids():
    """Every meeting id, for a rebuild."""
    return db.session.scalars(select(Meeting.id)).all()


register(SearchType(kind="meeting", label="Meeting notes", documents_for=documents_for, all_ids=all_ids,
                    doc_prefixes=("meeting:",)))
