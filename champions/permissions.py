"""The one rulebook: who may do what. Views, queries and templates all ask here.

``can(user, action, obj=None)`` takes a user (or None / an anonymous user) and an
object, never the request, so every rule is testable without a client. Each feature
keeps its rules in its own section of RULES below.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import abort
from flask_login import current_user

# Content visibility, narrowest first.
VISIBILITY_LABELS = {
    "champions": "SDS Champions only",
    "staff": "All staff",
    "partners": "Staff and partners",
}
ROLE_LEVELS = {
    "admin": ("champions", "staff", "partners"),
    "champion": ("champions", "staff", "partners"),
    "practitioner": ("staff", "partners"),
    "partner": ("partners",),
}


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "active", False))


def visible_levels(user) -> tuple[str, ...]:
    """The visibility levels this person may read (empty when signed out)."""
    if not _signed_in(user):
        return ()
    return ROLE_LEVELS.get(user.role, ())


def can_see_level(user, level: str) -> bool:
    """May this person read content shared at this visibility level?"""
    return level in visible_levels(user)


def visibility_clause(column, user):
    """A SQL condition restricting a visibility column to what the user may read."""
    return column.in_(visible_levels(user) or ("__nobody__",))


def is_champion(user) -> bool:
    """Champions and admins."""
    return _signed_in(user) and user.role in ("champion", "admin")


def is_admin(user) -> bool:
    return _signed_in(user) and user.role == "admin"


def is_staff(user) -> bool:
    """Practitioners, champions and admins (not partners)."""
    return _signed_in(user) and user.role in ("practitioner", "champion", "admin")


def is_partner(user) -> bool:
    return _signed_in(user) and user.role == "partner"


def is_owner(user, obj) -> bool:
    """True when the object's author/owner is this user."""
    owner_id = getattr(obj, "author_id", None)
    if owner_id is None:
        owner_id = getattr(obj, "owner_id", None)
    return _signed_in(user) and owner_id is not None and owner_id == user.id


Rule = Callable[[Any, Any], bool]

# --- foundation: accounts and administration --------------------------------------
_FOUNDATION: dict[str, Rule] = {
    "admin.access": lambda u, o: is_admin(u),
    # An admin may not demote or deactivate themselves (they could lock everyone out).
    "admin.change_role": lambda u, target: is_admin(u) and target is not None and target.id != u.id,
    "admin.deactivate": lambda u, target: is_admin(u) and target is not None and target.id != u.id and target.active,
    "admin.reactivate": lambda u, target: is_admin(u) and target is not None and not target.active,
    # Only an account that never confirmed its email can be sent a new link or removed outright.
    "admin.resend_confirmation": lambda u, target: (is_admin(u) and target is not None and target.active
                                                    and target.email_confirmed_at is None),
    "admin.remove_unconfirmed": lambda u, target: (is_admin(u) and target is not None
                                                   and target.email_confirmed_at is None and target.id != u.id),
    "profile.view": lambda u, o: _signed_in(u),
    "profile.edit": lambda u, o: _signed_in(u),
    "content.read_level": lambda u, level: can_see_level(u, level),
}

# --- questions and answers ----------------------------------------------------------
def _question_visible(u, q) -> bool:
    """Signed in, within its visibility; hidden ones only to champions; withdrawn or held (for a champion to
    check personal data) to its author and champions."""
    if q is None or not can_see_level(u, q.visibility):
        return False
    if q.hidden and not is_champion(u):
        return False
    if (q.withdrawn or q.held) and not (is_champion(u) or is_owner(u, q)):
        return False
    return True


def _answer_visible(u, a) -> bool:
    return (_question_visible(u, a.question) and (not a.hidden or is_champion(u))
            and (not a.held or is_champion(u) or is_owner(u, a)))


def _answer_readable(u, a) -> bool:
    """Its words: a withdrawn answer shows only as "withdrawn" except to its author and champions."""
    return _answer_visible(u, a) and (not a.withdrawn or is_owner(u, a) or is_champion(u))


def _answer_live(u, a) -> bool:
    """Out in the open for everyone who sees the question (not hidden, held or withdrawn): accept, endorse and vote need that."""
    return _answer_visible(u, a) and not (a.hidden or a.held or a.withdrawn)


def _question_open_for_answers(u, q) -> bool:
    return _question_visible(u, q) and not (q.locked or q.closed_reason or q.hidden or q.withdrawn or q.held)


def levels_covering(level: str) -> tuple[str, ...]:
    """The levels everyone who may read `level` may also read (the level itself and any wider one)."""
    readers = [levels for levels in ROLE_LEVELS.values() if level in levels]
    return tuple(other for other in VISIBILITY_LABELS if all(other in levels for levels in readers))


def duplicate_target_problem(question, target) -> str | None:
    """Why `target` may not be shown as the question `question` duplicates, or None when it may.

    The link and its title are shown to everyone who reads the closed question, so the target
    must be readable by all of them: not hidden, not withdrawn, and shared at least as widely.
    """
    if target is None or target.id == question.id:
        return "not found"
    if target.hidden or target.withdrawn:
        return "hidden"
    if target.visibility not in levels_covering(question.visibility):
        return "narrower"
    return None


_QUESTIONS: dict[str, Rule] = {
    "question.ask": lambda u, o: _signed_in(u) and u.role in ROLE_LEVELS,
    "question.view": _question_visible,
    "question.edit": lambda u, q: _question_visible(u, q) and (is_owner(u, q) or is_champion(u)),
    "question.answer": _question_open_for_answers,
    "question.follow": _question_visible,
    "question.flag": lambda u, q: _question_visible(u, q) and not is_owner(u, q),
    "question.close": lambda u, q: is_champion(u) and _question_visible(u, q),
    "question.lock": lambda u, q: is_champion(u) and _question_visible(u, q),
    "question.hide": lambda u, q: is_champion(u) and _question_visible(u, q),
    "question.withdraw": lambda u, q: (_question_visible(u, q) and is_owner(u, q) and not q.withdrawn
                                       and not q.answers),
    "question.flag_for_meeting": lambda u, q: is_champion(u) and _question_visible(u, q),
    "answer.view": _answer_visible,
    "answer.read": _answer_readable,
    "answer.edit": lambda u, a: _answer_visible(u, a) and not a.withdrawn and (is_owner(u, a) or is_champion(u)),
    # Only the asker says which answer resolved their question; nobody accepts on someone else's behalf.
    "answer.accept": lambda u, a: _answer_live(u, a) and is_owner(u, a.question),
    # An endorsement is another champion's word: never for your own answer.
    "answer.endorse": lambda u, a: is_champion(u) and _answer_live(u, a) and not is_owner(u, a),
    # Authors may take back their answer (it is kept, shown as withdrawn) and put it back while answers are open.
    "answer.withdraw": lambda u, a: _answer_visible(u, a) and is_owner(u, a) and not a.withdrawn,
    "answer.unwithdraw": lambda u, a: (_answer_visible(u, a) and is_owner(u, a) and a.withdrawn
                                       and _question_open_for_answers(u, a.question)),
    # Changing the words of an endorsed answer withdraws the endorsement unless a champion makes the change.
    "answer.edit_keeps_endorsement": lambda u, a: is_champion(u),
    "answer.vote": lambda u, a: _answer_live(u, a) and not is_owner(u, a),
    "answer.flag": lambda u, a: _answer_readable(u, a) and not is_owner(u, a),
    "answer.hide": lambda u, a: is_champion(u) and _answer_visible(u, a),
    "tag.manage": lambda u, o: is_champion(u),
}

# --- moderation -----------------------------------------------------------------------
_MODERATION: dict[str, Rule] = {
    "moderation.view": lambda u, o: is_champion(u),
    "moderation.act": lambda u, o: is_champion(u),
    "moderation.redact": lambda u, o: is_champion(u),
    # A post held for a champion (its author confirmed a CHI or NI number): any champion but its author
    # releases it as written or hides it; the author may edit the number out, which releases it too.
    "moderation.release": lambda u, post: is_champion(u) and post is not None and post.held and not is_owner(u, post),
    "moderation.hide_held": lambda u, post: is_champion(u) and post is not None and post.held,
}

# --- notifications --------------------------------------------------------------------
_NOTIFICATIONS: dict[str, Rule] = {
    "notifications.view": lambda u, o: _signed_in(u),
    # A notification is its recipient's alone, and only while they may still see what it points to.
    "notifications.mark_read": lambda u, n: (_signed_in(u) and n is not None and n.user_id == u.id
                                             and can_see_level(u, n.visibility)),
    "notifications.settings": lambda u, o: _signed_in(u),
}

# --- search ---------------------------------------------------------------------------
_SEARCH: dict[str, Rule] = {
    "search.use": lambda u, o: _signed_in(u),
}

# --- meetings -------------------------------------------------------------------------
def _can_view_meeting(user, meeting) -> bool:
    """Drafts are for champions; a published meeting is read at its visibility level."""
    if meeting is None:
        return _signed_in(user)
    if meeting.status != "published":
        return is_champion(user)
    return can_see_level(user, meeting.visibility)


_MEETINGS: dict[str, Rule] = {
    "meeting.view": _can_view_meeting,
    "meeting.create": lambda u, o: is_champion(u),
    "meeting.edit": lambda u, o: is_champion(u),
    "meeting.publish": lambda u, m: is_champion(u) and (m is None or m.status != "published"),
    "meeting.history": lambda u, o: is_champion(u),
    "action.view": lambda u, o: _signed_in(u),
    "action.create": lambda u, o: is_champion(u),
    "action.complete": lambda u, a: (is_champion(u) or is_owner(u, a)) and (a is None or a.status == "open"),
    "standing_updates.manage": lambda u, o: is_admin(u),
}

# --- induction ------------------------------------------------------------------------
def _induction_open_to_partners() -> bool:
    """Is any published induction module open to partners? (Partners see the induction only then.)"""
    from champions.induction.models import Module
    from champions.extensions import db
    from sqlalchemy import select

    return db.session.scalar(select(Module.id).where(
        Module.status == "published", Module.audience == "partners").limit(1)) is not None


def _induction_view_module(u, module) -> bool:
    # Published modules by audience (staff, or staff and partners); drafts only to champions (preview).
    if module is None:
        return False
    if module.status != "published":
        return is_champion(u)
    return can_see_level(u, module.audience)


_INDUCTION: dict[str, Rule] = {
    # Staff always; partners only when some published module's audience is "partners".
    "induction.view": lambda u, o: is_staff(u) or (is_partner(u) and _induction_open_to_partners()),
    "induction.view_module": _induction_view_module,
    # Recording progress, attempts and reflections: published modules only (a draft preview records nothing).
    "induction.learn": lambda u, m: _induction_view_module(u, m) and m.status == "published",
    "induction.author": lambda u, o: is_champion(u),
    "induction.report": lambda u, o: is_champion(u),
    # A learning log (or check attempt) belongs to one person: nobody else, not even an admin, may read it.
    "induction.own_record": lambda u, owner_id: _signed_in(u) and owner_id is not None and u.id == owner_id,
}

# --- practice examples ----------------------------------------------------------------
def _practice_read(user, example) -> bool:
    """Published: its visibility; archived: champions; a draft: its author only (it is not yet confirmed
    anonymised); submitted or returned (a champion has been asked to read it): the author and champions."""
    if example is None or not _signed_in(user):
        return False
    if example.status == "published":
        return can_see_level(user, example.visibility) or is_champion(user)
    if example.status == "archived":
        return is_champion(user)
    if is_staff(user) and is_owner(user, example):
        return True
    return example.status != "draft" and is_champion(user)


def _practice_edit(user, example) -> bool:
    """Authors edit their unpublished examples; champions edit any example they may read that is not archived."""
    if example is None or example.status == "archived" or not _practice_read(user, example):
        return False
    if is_champion(user):
        return True
    return is_staff(user) and is_owner(user, example) and example.status in ("draft", "returned", "submitted")


def _practice_curate(user, example) -> bool:
    """Champions' workflow actions, on an example they may read (never someone else's draft)."""
    return is_champion(user) and (example is None or _practice_read(user, example))


def _practice_author_or_champion(user, example) -> bool:
    """Its author or a champion, on an example they may read."""
    return _practice_read(user, example) and (is_champion(user) or (is_staff(user) and is_owner(user, example)))


_PRACTICE: dict[str, Rule] = {
    "practice.view": lambda u, o: _signed_in(u),
    "practice.read": _practice_read,
    "practice.create": lambda u, o: is_staff(u),
    "practice.edit": _practice_edit,
    "practice.submit": lambda u, o: o is not None and is_staff(u) and is_owner(u, o),
    "practice.review": lambda u, o: is_champion(u),
    "practice.publish": _practice_curate,
    "practice.return": _practice_curate,
    "practice.archive": _practice_curate,
    "practice.restore": _practice_curate,
    "practice.confirm_review": _practice_curate,
    "practice.link_questions": _practice_author_or_champion,
    "practice.history": _practice_author_or_champion,
    "practice.be_contact": lambda u, o: is_champion(o),
}

# --- partner updates and organisations ------------------------------------------------
def _partner_with_organisation(user) -> bool:
    return is_partner(user) and user.organisation_id is not None


def _partner_edits_update(user, update) -> bool:
    """A partner edits their own update while it is their current organisation's (not after they move)."""
    return (not update.hidden and _partner_with_organisation(user) and is_owner(user, update)
            and update.organisation_id == user.organisation_id)


def _organisation_visible(user, org) -> bool:
    """Staff see every active organisation; partners only partner organisations and their own."""
    if not _signed_in(user):
        return False
    if org is None:  # the list page, which lists partner organisations only
        return True
    return org.active and (not is_partner(user) or org.kind == "partner" or org.id == user.organisation_id)


_UPDATES: dict[str, Rule] = {
    "updates.view": lambda u, o: _signed_in(u),
    "updates.read": lambda u, o: o is not None and _signed_in(u) and (not o.hidden or is_champion(u)),
    "updates.create": lambda u, o: is_champion(u) or _partner_with_organisation(u),
    "updates.edit": lambda u, o: o is not None and (is_champion(u) or _partner_edits_update(u, o)),
    "updates.choose_organisation": lambda u, o: is_champion(u),
    "updates.moderate": lambda u, o: is_champion(u),
    "updates.feed": lambda u, o: _signed_in(u),
    "organisations.view": _organisation_visible,
}


RULES: dict[str, Rule] = {}
for _section in (_FOUNDATION, _QUESTIONS, _MODERATION, _NOTIFICATIONS, _SEARCH,
                 _MEETINGS, _INDUCTION, _PRACTICE, _UPDATES):
    _duplicated = RULES.keys() & _section.keys()
    if _duplicated:
        raise RuntimeError(f"permission rules defined twice: {sorted(_duplicated)}")
    RULES.update(_section)


def can(user, action: str, obj: Any = None) -> bool:
    """May this user do this action (to this object)? Unknown actions are refused loudly."""
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"no permission rule for {action!r}") from None
    return bool(rule(user, obj))


def require(action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Abort unless the current user may do this: 404 when hide=True (content they may not see), else 403."""
    if not can(current_user, action, obj):
        abort(404 if hide else 403)


def get_or_404(model, object_id: int, read_action: str, action: str | None = None):
    """Load one object for the current user: 404 if it is missing or they may not read it, 403 if they
    may read it but not do `action` to it. The load-then-authorise step every blueprint shares."""
    from champions.extensions import db

    obj = db.session.get(model, object_id)
    if obj is None or not can(current_user, read_action, obj):
        abort(404)
    if action and action != read_action and not can(current_user, action, obj):
        abort(403)
    return obj
