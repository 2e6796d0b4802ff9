"""Everything the Hub holds about one person, as a dictionary (for data.json) and a readable page.

Only the person's own records: their profile, what they wrote (and its earlier versions they wrote), their
votes, follows, notifications, induction progress, learning-log reflections and the audit entries about
them. Nothing anyone else wrote is included.
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from flask import render_template
from sqlalchemy import or_, select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.induction.models import Assignment, LessonProgress, ModuleCompletion, Reflection
from champions.notifications.models import Notification
from champions.practice.models import PracticeExample
from champions.questions.models import Answer, Follow, HelpfulVote, Question
from champions.revisions.models import Revision


def _value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _rows(items, *fields: str) -> list[dict]:
    return [{name: _value(getattr(item, name)) for name in fields} for item in items]


def _all(query) -> list:
    return list(db.session.scalars(query))


def collect(user) -> dict:
    """The person's data, section by section (each a list of records)."""
    uid = user.id
    return {
        "profile": {
            "name": user.display_name, "email": user.email, "job_title": user.job_title, "role": user.role,
            "organisation": user.organisation.name if user.organisation else "",
            "team": user.team.name if user.team else "", "joined": _value(user.created_at),
            "last_signed_in": _value(user.last_sign_in_at), "email_frequency": user.email_frequency},
        "questions": _rows(_all(select(Question).where(Question.author_id == uid).order_by(Question.id)),
                           "id", "title", "body", "visibility", "status", "created_at", "withdrawn", "hidden"),
        "answers": _rows(_all(select(Answer).where(Answer.author_id == uid).order_by(Answer.id)),
                         "id", "question_id", "body", "created_at", "withdrawn_at", "hidden"),
        "earlier_versions_you_wrote": _rows(
            _all(select(Revision).where(Revision.editor_id == uid).order_by(Revision.id)),
            "content_type", "object_id", "created_at", "title", "body"),
        "practice_examples": _rows(
            _all(select(PracticeExample).where(PracticeExample.author_id == uid).order_by(PracticeExample.id)),
            "id", "title", "summary", "situation", "action", "outcomes_text", "status", "created_at"),
        "helpful_votes": _rows(_all(select(HelpfulVote).where(HelpfulVote.user_id == uid).order_by(HelpfulVote.id)),
                               "answer_id", "created_at"),
        "follows": _rows(_all(select(Follow).where(Follow.user_id == uid).order_by(Follow.id)),
                         "question_id", "created_at"),
        "notifications": _rows(_all(select(Notification).where(Notification.user_id == uid).order_by(Notification.id)),
                               "kind", "title", "url", "created_at"),
        "induction": {
            "assignment": _rows(_all(select(Assignment).where(Assignment.user_id == uid)),
                                "due_on", "assigned_at", "completed_at"),
            "modules_completed": _rows(_all(select(ModuleCompletion).where(ModuleCompletion.user_id == uid)),
                                       "module_id", "module_version"),
            "lessons_completed": _rows(_all(select(LessonProgress).where(LessonProgress.user_id == uid)), "lesson_id"),
        },
        "learning_log": [{"lesson": r.lesson.title, "text": r.text, "created_at": _value(r.created_at),
                          "updated_at": _value(r.updated_at)}
                         for r in _all(select(Reflection).where(Reflection.user_id == uid).order_by(Reflection.id))],
        "audit_entries_about_you": _rows(
            _all(select(AuditEvent).where(or_(AuditEvent.actor_id == uid,
                                              (AuditEvent.target_type == "user") & (AuditEvent.target_id == uid)))
                 .order_by(AuditEvent.id)),
            "created_at", "action", "target_type", "target_id", "summary"),
    }


def build_zip(user) -> bytes:
    """A zip with data.json (machine-readable) and index.html (readable in a browser, no script)."""
    data = collect(user)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        archive.writestr("index.html", render_template("mydata/export.html", data=data, user=user))
    return out.getvalue()
