"""The posts flags point at: load them in bulk, describe them, and act on them."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from champions import revisions
from champions.extensions import db
from champions.questions.models import Answer, Question

MODELS = {"question": Question, "answer": Answer}


def load_many(flags) -> dict[tuple[str, int], object]:
    """Every flagged post, keyed by (content_type, id), in one query per type."""
    found: dict[tuple[str, int], object] = {}
    for content_type, model in MODELS.items():
        ids = {f.object_id for f in flags if f.content_type == content_type}
        if not ids:
            continue
        query = select(model).where(model.id.in_(ids)).options(joinedload(model.author))
        if model is Answer:
            query = query.options(joinedload(Answer.question))
        for post in db.session.scalars(query):
            found[(content_type, post.id)] = post
    return found


def get_or_404(content_type: str, object_id: int):
    """One post by type and id."""
    model = MODELS.get(content_type)
    post = db.session.get(model, object_id) if model else None
    if post is None:
        abort(404)
    return post


def question_of(post) -> Question:
    """The question a post belongs to (itself for a question)."""
    return post if isinstance(post, Question) else post.question


def edit_url(content_type: str, post) -> str:
    """Where a champion edits the post."""
    if content_type == "question":
        return f"/questions/{post.id}/edit"
    return f"/questions/answers/{post.id}/edit"


def texts(content_type: str, post) -> list[str]:
    """The post's current text and every earlier version (for finding personal data to redact)."""
    items = [getattr(post, "title", "") if content_type == "question" else "", post.body]
    return [t for t in items if t] + revisions.texts(content_type, post.id)
