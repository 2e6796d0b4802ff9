"""The list of a parent's files, for the templates of every feature that takes attachments."""
from __future__ import annotations

from flask_login import current_user

from champions.attachments import bp, service


@bp.app_template_global("attachments_for")
def attachments_for(kind: str, parent, with_earlier: bool = False):
    """The files on `parent` the current user may see (removed ones are listed, as removed, for champions)."""
    if parent is None or getattr(parent, "id", None) is None or not getattr(current_user, "is_authenticated", False):
        return []
    return service.current(kind, parent.id, current_user, with_earlier=with_earlier)
