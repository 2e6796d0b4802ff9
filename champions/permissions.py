"""The one rulebook: who may do what. Views, queries and templates all ask here.

``can(user, action, obj=None)`` takes a user (or None / an anonymous user) and an
object, never the request, so every rule is testable without a client. Each feature
keeps its rules in its own section of RULES below.
"""
from __future__ import annotations

from dataclasses import dataclass
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


# --- audiences: who may read each content type, declared once --------------------------
# A declaration is evaluated on an object (Python) and compiled to SQL on the model's columns, so the
# object check, list and count queries, search labels and notification labels all come from it.
# A level no role reads: content labelled with it is read only through its owner_id (a draft's author).
OWNER_ONLY = "author"
CHAMPION_ROLES = ("champion", "admin")
STAFF_ROLES = ("practitioner", "champion", "admin")


@dataclass(frozen=True)
class Flag:
    """A state that holds while a boolean attribute is true (`sql` when the column differs from the attribute)."""

    attr: str
    sql: Callable[[Any], Any] | None = None

    def test(self, obj) -> bool:
        return bool(getattr(obj, self.attr))

    def clause(self, model):
        return self.sql(model) if self.sql else getattr(model, self.attr).is_(True)


@dataclass(frozen=True)
class StatusIs:
    """A state that holds while the status column has one of these values (negate: any other value)."""

    values: tuple[str, ...]
    negate: bool = False
    attr: str = "status"

    def test(self, obj) -> bool:
        return (getattr(obj, self.attr) in self.values) != self.negate

    def clause(self, model):
        column = getattr(model, self.attr)
        return column.not_in(self.values) if self.negate else column.in_(self.values)


@dataclass(frozen=True)
class State:
    """A state that narrows who may read: only `readers` ("champions", "author") may while it holds.

    within_level: the readers must still read the content's level (else the state replaces the level).
    listed: False when lists (but the author's own) and search leave it out, though its readers may open it.
    words_only: it hides the words but not that the thing exists ("answer.view" ignores it, "answer.read" not).
    """

    name: str
    when: Flag | StatusIs
    readers: frozenset[str]
    within_level: bool = True
    listed: bool = True
    words_only: bool = False


@dataclass(frozen=True)
class AccessLabel:
    """Who may read, as search documents and notifications store it: a level, plus an owner who always may."""

    level: str
    owner_id: int | None = None

    def admits(self, user) -> bool:
        return can_see_level(user, self.level) or (_signed_in(user) and self.owner_id is not None
                                                   and self.owner_id == user.id)


def _model(path: str):
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _false():
    from sqlalchemy import false

    return false()


@dataclass(frozen=True)
class Audience:
    """Who may read one content type: its level, the states that narrow it, and its parent's audience."""

    model_path: str                      # "champions.questions.models:Question"
    level_attr: str | None = "visibility"  # the column holding the level it is shared at (None: its parent's)
    states: tuple[State, ...] = ()
    parent: tuple[str, "Audience"] | None = None   # (relationship, audience): read only with the parent
    author_attr: str = "author_id"
    author_roles: tuple[str, ...] | None = None  # the author reads as author only while in one of these roles

    @property
    def model(self):
        return _model(self.model_path)

    def _states(self, words: bool) -> tuple[State, ...]:
        return self.states if words else tuple(s for s in self.states if not s.words_only)

    def _author_may(self, user, readers: frozenset[str]) -> bool:
        return ("author" in readers and _signed_in(user)
                and (self.author_roles is None or user.role in self.author_roles))

    # Python: one object
    def allows(self, user, obj, *, words: bool = True) -> bool:
        """May this person read this object (words=False: see that it exists, for states that hide only words)?"""
        if obj is None or not _signed_in(user):
            return False
        if self.parent and not self.parent[1].allows(user, getattr(obj, self.parent[0])):
            return False
        active = [s for s in self._states(words) if s.when.test(obj)]
        if (self.level_attr and all(s.within_level for s in active)
                and not can_see_level(user, getattr(obj, self.level_attr))):
            return False
        return all(("champions" in s.readers and is_champion(user))
                   or (self._author_may(user, s.readers) and getattr(obj, self.author_attr, None) == user.id)
                   for s in active)

    def is_listed(self, obj) -> bool:
        """Do lists and search show it (to those who may read it)? Unlisted, only its author lists it."""
        own = not any(s.when.test(obj) for s in self.states if not s.listed)
        return own and (self.parent is None or self.parent[1].is_listed(getattr(obj, self.parent[0])))

    def is_open(self, obj, *, with_parent: bool = True) -> bool:
        """Is it out in the open: in no narrowing state, so read by everyone at its level (or its parent's)?"""
        own = not any(s.when.test(obj) for s in self.states)
        return own and (self.parent is None or not with_parent or self.parent[1].is_open(getattr(obj, self.parent[0])))

    def access_label(self, obj) -> AccessLabel:
        """Who may read it as a level and an owner: the label its notifications carry."""
        if self.parent:
            base = self.parent[1].access_label(getattr(obj, self.parent[0]))
        else:
            base = AccessLabel(getattr(obj, self.level_attr))
        active = [s for s in self.states if s.when.test(obj)]
        if not active:
            return base
        author_id = getattr(obj, self.author_attr, None)
        author = getattr(obj, "author", None)  # the person, when loaded: do they read the level themselves?
        author_reads_base = base.owner_id == author_id or author is None or can_see_level(author, base.level)
        author_role_ok = self.author_roles is None or author is None or author.role in self.author_roles
        champions = author_reads = True
        for state in active:
            champions = champions and "champions" in state.readers and (
                not state.within_level or base.level != OWNER_ONLY)
            author_reads = (author_reads and "author" in state.readers and author_role_ok
                            and (not state.within_level or author_reads_base))
        return AccessLabel("champions" if champions else OWNER_ONLY, author_id if author_reads else None)

    def search_label(self, obj) -> AccessLabel | None:
        """The label its search documents carry, or None when search leaves it out."""
        return self.access_label(obj) if self.is_listed(obj) else None

    # SQL: conditions on the model's columns
    def clause(self, user, *, words: bool = True):
        """SQL: the rows this person may read (every list and count starts here)."""
        from sqlalchemy import and_, not_, or_

        if not _signed_in(user):
            return _false()
        model = self.model
        states = self._states(words)
        parts = []
        if self.level_attr:
            level = getattr(model, self.level_attr).in_(visible_levels(user) or ("__nobody__",))
            parts.append(or_(level, *[s.when.clause(model) for s in states if not s.within_level]))
        for state in states:
            if "champions" in state.readers and is_champion(user):
                continue
            author = (getattr(model, self.author_attr) == user.id) if self._author_may(user, state.readers) else _false()
            parts.append(or_(not_(state.when.clause(model)), author))
        if self.parent:
            parts.append(getattr(model, self.parent[0]).has(self.parent[1].clause(user)))
        return and_(*parts)

    def listed_clause(self, user=None):
        """SQL: what lists and search show this person (what they may read, less the unlisted states)."""
        from sqlalchemy import and_, not_

        model = self.model
        parts = [not_(s.when.clause(model)) for s in self.states if not s.listed]
        if user is not None:
            parts.append(self.clause(user))
        if self.parent:
            parts.append(getattr(model, self.parent[0]).has(self.parent[1].listed_clause()))
        return and_(*parts)

    def open_clause(self, user=None):
        """SQL: in no narrowing state (and, given a person, at a level they read): what everyone there sees."""
        from sqlalchemy import and_, not_

        model = self.model
        parts = [not_(s.when.clause(model)) for s in self.states]
        if user is not None and self.level_attr:
            parts.append(getattr(model, self.level_attr).in_(visible_levels(user) or ("__nobody__",)))
        if self.parent:
            parts.append(getattr(model, self.parent[0]).has(self.parent[1].open_clause(user)))
        return and_(*parts)


def recipients(told: "str | AccessLabel"):
    """A select() of the people told of something, members only (one rule for every feature).

    "champions" means champions and admins (admins are champions-plus); an AccessLabel means everyone it
    admits: every member whose role reads its level, and its owner.
    """
    from sqlalchemy import or_, select

    from champions.auth.models import User

    label = AccessLabel("champions") if told == "champions" else told
    roles = [role for role, levels in ROLE_LEVELS.items() if label.level in levels] or ["__nobody__"]
    who = or_(User.role.in_(roles), User.id == label.owner_id) if label.owner_id else User.role.in_(roles)
    return select(User).where(User.is_member, who).order_by(User.id)


def label_clause(level_column, owner_column, user):
    """SQL: stored labels (search rows, notifications) this person may read: their levels, or theirs as owner."""
    from sqlalchemy import or_

    levels = visible_levels(user)
    if not levels:
        return _false()
    return or_(level_column.in_(levels), owner_column == user.id)


def can_see_label(user, level: str, owner_id: int | None = None) -> bool:
    """May this person read something labelled with this level and owner?"""
    return AccessLabel(level, owner_id).admits(user)


_CHAMPIONS = frozenset({"champions"})
_AUTHOR_AND_CHAMPIONS = frozenset({"author", "champions"})

QUESTION = Audience(
    "champions.questions.models:Question",
    states=(
        State("hidden", Flag("hidden"), _CHAMPIONS),
        # Withdrawn, or held for a champion to check personal data: its author and champions open it;
        # only the author lists it ("My questions") and search leaves it out.
        State("withdrawn", Flag("withdrawn"), _AUTHOR_AND_CHAMPIONS, listed=False),
        State("held", Flag("held"), _AUTHOR_AND_CHAMPIONS, listed=False),
    ))
ANSWER = Audience(
    "champions.questions.models:Answer", level_attr=None, parent=("question", QUESTION),
    states=(
        State("hidden", Flag("hidden"), _CHAMPIONS),
        State("held", Flag("held"), _AUTHOR_AND_CHAMPIONS, listed=False),
        # A withdrawn answer shows as "withdrawn" to everyone who sees the question; its words only to
        # its author and champions, and never in search.
        State("withdrawn", Flag("withdrawn", sql=lambda m: m.withdrawn_at.isnot(None)), _AUTHOR_AND_CHAMPIONS,
              listed=False, words_only=True),
    ))
MEETING = Audience(
    "champions.meetings.models:Meeting",
    states=(State("draft", StatusIs(("published",), negate=True), _CHAMPIONS, within_level=False),))
PRACTICE_EXAMPLE = Audience(
    "champions.practice.models:PracticeExample", author_roles=STAFF_ROLES,
    states=(
        # A draft is not yet confirmed anonymised: its author alone reads it.
        State("draft", StatusIs(("draft",)), frozenset({"author"}), within_level=False),
        State("in review", StatusIs(("submitted", "returned")), _AUTHOR_AND_CHAMPIONS, within_level=False),
        State("archived", StatusIs(("archived",)), _CHAMPIONS, within_level=False),
    ))
UPDATE = Audience(
    "champions.updates.models:Update",
    states=(State("hidden", Flag("hidden"), _CHAMPIONS),))
INDUCTION_MODULE = Audience(
    "champions.induction.models:Module", level_attr="audience",
    states=(State("draft", StatusIs(("published",), negate=True), _CHAMPIONS, within_level=False),))
INDUCTION_LESSON = Audience("champions.induction.models:Lesson", level_attr=None, parent=("module", INDUCTION_MODULE))


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
    return QUESTION.allows(u, q)


def _answer_visible(u, a) -> bool:
    """That it exists: a withdrawn answer still shows, as "withdrawn", to everyone who sees the question."""
    return ANSWER.allows(u, a, words=False)


def _answer_readable(u, a) -> bool:
    return ANSWER.allows(u, a)


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
    must be readable by all of them: in the open (not hidden, withdrawn or held), and shared at least as widely.
    """
    if target is None or target.id == question.id:
        return "not found"
    if not QUESTION.is_open(target):
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
                                             and can_see_label(u, n.visibility, n.owner_id)),
    "notifications.settings": lambda u, o: _signed_in(u),
}

# --- search ---------------------------------------------------------------------------
_SEARCH: dict[str, Rule] = {
    "search.use": lambda u, o: _signed_in(u),
}

# --- meetings -------------------------------------------------------------------------
def _can_view_meeting(user, meeting) -> bool:
    """The meetings list (no meeting) is for everyone signed in; a meeting by its audience."""
    return _signed_in(user) if meeting is None else MEETING.allows(user, meeting)


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
        INDUCTION_MODULE.open_clause(), Module.audience == "partners").limit(1)) is not None


def _induction_view_module(u, module) -> bool:
    return INDUCTION_MODULE.allows(u, module)


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
    return PRACTICE_EXAMPLE.allows(user, example)


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
    "updates.read": lambda u, o: UPDATE.allows(u, o),
    "updates.create": lambda u, o: is_champion(u) or _partner_with_organisation(u),
    "updates.edit": lambda u, o: o is not None and (is_champion(u) or _partner_edits_update(u, o)),
    "updates.choose_organisation": lambda u, o: is_champion(u),
    "updates.moderate": lambda u, o: is_champion(u),
    "updates.feed": lambda u, o: _signed_in(u),
    "organisations.view": _organisation_visible,
}

# --- insights -------------------------------------------------------------------------
_INSIGHTS: dict[str, Rule] = {
    # The network at a glance (and each table's CSV): champions and admins only.
    "insights.view": lambda u, o: is_champion(u),
}

# --- content that stays accurate ------------------------------------------------------
_ACCURACY: dict[str, Rule] = {
    "accuracy.queue": lambda u, o: is_champion(u),
    # Confirm or mark out of date: a champion, on an accepted or endorsed answer out in the open that they may read.
    "accuracy.check_answer": lambda u, a: (is_champion(u) and a is not None and _answer_live(u, a)
                                           and (a.endorsed or a.question.accepted_answer_id == a.id)),
}

# --- people's rights over their data -----------------------------------------------
_MYDATA: dict[str, Rule] = {
    # Everyone signed in downloads their own data (and only their own: the export takes no other person).
    "mydata.export": lambda u, o: _signed_in(u),
    # Erasing a leaver: an admin, never their own account, once.
    "mydata.erase_any": lambda u, o: is_admin(u),
    "mydata.erase": lambda u, p: (is_admin(u) and p is not None and p.id != u.id
                                  and not p.email.endswith("@erased.invalid")),
}


RULES: dict[str, Rule] = {}
for _section in (_FOUNDATION, _QUESTIONS, _MODERATION, _NOTIFICATIONS, _SEARCH,
                 _MEETINGS, _INDUCTION, _PRACTICE, _UPDATES, _INSIGHTS, _ACCURACY, _MYDATA):
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


def versions_clause(user, private: bool, visibility_column, editor_column, latest):
    """A SQL condition for the earlier versions of content this person may read (they may read the content).

    Private content (a reflection): its writer's versions only. Otherwise the versions made while the
    content was shared at a level they may read, and the latest one (the text they read on its page).
    """
    from sqlalchemy import false, or_

    if private:
        writer = getattr(user, "id", None)
        return editor_column == writer if writer is not None else false()
    return or_(visibility_clause(visibility_column, user), latest)
