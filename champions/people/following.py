"""Following tags and saving things for later: who is told of a new question in a tag, and the "Saved" list."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import delete, select

from champions import permissions
from champions.auth.models import User
from champions.extensions import db
from champions.people.models import Bookmark, TagFollow
from champions.people.names import person_name


@dataclass(frozen=True)
class Savable:
    """A content type people may save: its model and audience, how to title it and where it lives."""

    label: str
    audience: permissions.Audience
    title_attr: str
    url: str  # with {id}


SAVABLE: dict[str, Savable] = {
    "question": Savable("Question", permissions.QUESTION, "title", "/questions/{id}"),
    "practice_example": Savable("Practice example", permissions.PRACTICE_EXAMPLE, "title", "/practice/{id}"),
    "meeting": Savable("Meeting", permissions.MEETING, "title", "/meetings/{id}"),
    "update": Savable("Partner update", permissions.UPDATE, "title", "/updates/{id}"),
}


# --- tags ------------------------------------------------------------------------------------

def follows_tag(user, tag) -> bool:
    """Does this person follow the tag?"""
    return db.session.scalar(select(TagFollow.id).where(TagFollow.user_id == user.id,
                                                        TagFollow.tag_id == tag.id)) is not None


def set_tag_follow(user, tag, follow: bool) -> None:
    """Follow a tag, or stop following it (idempotent either way)."""
    if follow and not follows_tag(user, tag):
        db.session.add(TagFollow(user_id=user.id, tag_id=tag.id))
    elif not follow:
        db.session.execute(delete(TagFollow).where(TagFollow.user_id == user.id, TagFollow.tag_id == tag.id))


def followed_tags(user) -> list:
    """The tags this person follows, by name."""
    from champions.questions.models import Tag

    return list(db.session.scalars(select(Tag).join(TagFollow, TagFollow.tag_id == Tag.id)
                                   .where(TagFollow.user_id == user.id).order_by(Tag.name)))


def tell_tag_followers(question, author, title_clear: bool) -> None:
    """Tell the people following any of the question's tags, who may see it, that it was asked."""
    from champions.notifications.service import notify

    if not question.tags:
        return
    tag_ids = [tag.id for tag in question.tags]
    followers = db.session.scalars(select(User).where(User.id.in_(
        select(TagFollow.user_id).where(TagFollow.tag_id.in_(tag_ids)))).order_by(User.id))
    tags = ", ".join(tag.name for tag in question.tags)
    title = (f"{person_name(author)} asked in {tags}: {question.title}" if title_clear
             else f"{person_name(author)} asked a question in {tags}")
    notify(followers, kind="tag_question", title=title, url=question.url,
           visibility=permissions.QUESTION.access_label(question), actor=author,
           subject=f"question:{question.id}", text=question.body if title_clear else None)


# --- saved ----------------------------------------------------------------------------------

def saved_query(user, content_type: str, object_id: int):
    """The person's bookmark of it, as a select (no rows when not saved)."""
    return select(Bookmark.id).where(
        Bookmark.user_id == user.id, Bookmark.content_type == content_type, Bookmark.object_id == object_id)


def is_saved(user, content_type: str, object_id: int) -> bool:
    """Has this person saved it? (Answered by the navigation's query when the page is the item's own.)"""
    known = g.get("hub_saved", {}) if has_request_context() else {}
    if (content_type, object_id, user.id) in known:
        return known[(content_type, object_id, user.id)]
    return db.session.scalar(saved_query(user, content_type, object_id)) is not None


def set_saved(user, content_type: str, object_id: int, save: bool) -> None:
    """Save something for later, or take it off the list (idempotent either way)."""
    if has_request_context():
        g.pop("hub_saved", None)
    if save and not is_saved(user, content_type, object_id):
        db.session.add(Bookmark(user_id=user.id, content_type=content_type, object_id=object_id))
    elif not save:
        db.session.execute(delete(Bookmark).where(Bookmark.user_id == user.id, Bookmark.content_type == content_type,
                                                  Bookmark.object_id == object_id))


def load(content_type: str, object_id: int, user):
    """The object, when the type may be saved and this person may read it; else None."""
    kind = SAVABLE.get(content_type)
    obj = db.session.get(kind.audience.model, object_id) if kind else None
    return obj if obj is not None and kind.audience.allows(user, obj) else None


@dataclass
class SavedItem:
    """One line of the "Saved" list."""

    content_type: str
    label: str
    title: str
    url: str
    saved_at: object
    object_id: int


def saved(user) -> list[SavedItem]:
    """What this person saved and may still read, newest first (one query per content type)."""
    items = []
    for content_type, kind in SAVABLE.items():
        model = kind.audience.model
        rows = db.session.execute(
            select(model, Bookmark.created_at).join(Bookmark, Bookmark.object_id == model.id)
            .where(Bookmark.user_id == user.id, Bookmark.content_type == content_type, kind.audience.clause(user)))
        for obj, saved_at in rows:
            items.append(SavedItem(content_type, kind.label, getattr(obj, kind.title_attr),
                                   kind.url.format(id=obj.id), saved_at, obj.id))
    return sorted(items, key=lambda item: item.saved_at, reverse=True)


def followed_questions(user, limit: int = 50) -> list:
    """The questions this person follows (not their own, which they follow anyway) and may read, latest first."""
    from champions.questions.models import Follow, Question

    return list(db.session.scalars(
        select(Question).join(Follow, Follow.question_id == Question.id)
        .where(Follow.user_id == user.id, Question.author_id != user.id, permissions.QUESTION.listed_clause(user))
        .order_by(Question.last_activity_at.desc()).limit(limit)))
