"""When an edit takes out what looked like personal data, take it out of the earlier versions too."""
from __future__ import annotations

from champions import revisions
from champions.questions import moderate
from champions.questions.models import Question


def removed_personal_data(post) -> list[str]:
    """Personal-looking text in earlier versions of the post that its current version no longer has."""
    kind = "question" if isinstance(post, Question) else "answer"
    current = "\n".join([post.title if kind == "question" else "", post.body or ""])
    return revisions.removed_personal_data(kind, post.id, current)


def scrub_history(post, editor) -> int:
    """Redact, in every earlier version (and copies in notifications), what the edit took out; places changed."""
    gone = removed_personal_data(post)
    # Its own audit action: the author tidying their own history, not a moderator's redaction.
    return moderate.redact(post, editor, gone, action="history_cleaned") if gone else 0
