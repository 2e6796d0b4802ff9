"""The one rulebook: who may do what. Views, queries and templates all ask here.

``can(user, action, obj=None)`` takes a user (or None / an anonymous user) and an
object, never the request, so every rule is testable without a client. Each feature
keeps its rules in its own section of RULES below.
"""
from __future__ import annotations

import functools
import itertools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from flask import abort, g, has_request_context, request
from flask_login import current_user
from werkzeug.local import LocalProxy

# Content visibility, narrowest first.
VISIBILITY_LABELS = {
    "champions": "SDS Champions only",
    "staff": "All staff",
    "partners": "Staff and partners",
}
# Content shared with its members (an audience's member list, e.g. a workshop's participants) and champions.
# Not a choice for content without members, so it is not in VISIBILITY_LABELS; champions read it by role,
# members through the group on its access label.
MEMBERS_LEVEL = "members"
ROLE_LEVELS = {
    "admin": ("champions", "staff", "partners", MEMBERS_LEVEL),
    "champion": ("champions", "staff", "partners", MEMBERS_LEVEL),
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


# SQL conditions depend only on who the person is (signed in, role, id), and building one costs SQLAlchemy a
# millisecond or more on every page: build each once per person and reuse it (clauses are immutable, and the
# person's id travels as a bound value, so the compiled statement is cached too).
_CLAUSES: dict = {}
_CLAUSES_MAX = 2048  # about 15 a person: when full, the oldest quarter goes (not everyone's at once)


def person_key(user):
    """What a SQL condition about this person depends on: None when signed out, else (id, role)."""
    return (user.id, user.role) if _signed_in(user) else None


def per_person(key: tuple, user, build: Callable[[], Any], of: tuple = ()):
    """The condition `build()` makes for this person, built once and kept. `key`: plain values naming it;
    `of`: the objects it is built from (audiences, columns), told apart by identity and kept alive with it,
    so another object cannot take one's id while it is kept."""
    full = (key, tuple(map(id, of)), person_key(user))
    try:
        return _CLAUSES[full][1]
    except KeyError:
        pass
    if len(_CLAUSES) >= _CLAUSES_MAX:
        try:
            for oldest in list(itertools.islice(_CLAUSES, _CLAUSES_MAX // 4)):  # dicts keep insertion order
                _CLAUSES.pop(oldest, None)
        except RuntimeError:  # another thread changed it meanwhile: start afresh
            _CLAUSES.clear()
    clause = build()
    _CLAUSES[full] = (of, clause)
    return clause


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
    """Who may read, as search documents and notifications store it: a level, plus an owner who always may,
    plus a group ("workshop:12") whose members always may."""

    level: str
    owner_id: int | None = None
    group: str | None = None

    def admits(self, user) -> bool:
        return (can_see_level(user, self.level)
                or (_signed_in(user) and self.owner_id is not None and self.owner_id == user.id)
                or (self.group is not None and self.group in user_groups(user)))


@dataclass(frozen=True)
class Members:
    """The people an object names as its members: a relationship whose rows are users (key "id") or rows
    naming a user (key "user_id"). Its members read it as the group "<prefix>:<id>" in labels."""

    relationship: str
    prefix: str
    key: str = "id"

    def group(self, obj) -> str:
        return f"{self.prefix}:{obj.id}"

    def user_ids(self, obj) -> set[int]:
        return {getattr(row, self.key) for row in getattr(obj, self.relationship)}

    def has(self, user, obj) -> bool:
        return _signed_in(user) and user.id in self.user_ids(obj)

    def clause(self, model, user):
        """SQL: rows of `model` that name this person as a member."""
        return getattr(model, self.relationship).any(**{self.key: user.id})


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
    # Its members (Members) read it at any level, and while a state lets "members" read.
    members: Members | None = None

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
        memo = _MEMO.get()
        if memo is None or obj is None:
            return self._allows(user, obj, words)
        key = (id(self), user, obj, words)  # the objects themselves: kept alive, so no id is reused meanwhile
        try:
            return memo[key]
        except KeyError:
            memo[key] = answer = self._allows(user, obj, words)
            return answer
        except TypeError:  # an object that cannot be a key
            return self._allows(user, obj, words)

    def _allows(self, user, obj, words: bool) -> bool:
        if obj is None or not _signed_in(user):
            return False
        if self.parent and not self.parent[1].allows(user, getattr(obj, self.parent[0])):
            return False
        active = [s for s in self._states(words) if s.when.test(obj)]
        member = self.members is not None and self.members.has(user, obj)
        if (self.level_attr and all(s.within_level for s in active)
                and not can_see_level(user, getattr(obj, self.level_attr)) and not member):
            return False
        return all(("champions" in s.readers and is_champion(user))
                   or (self._author_may(user, s.readers) and getattr(obj, self.author_attr, None) == user.id)
                   or ("members" in s.readers and member)
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
            base = AccessLabel(getattr(obj, self.level_attr),
                               group=self.members.group(obj) if self.members is not None else None)
        active = [s for s in self.states if s.when.test(obj)]
        if not active:
            return base
        author_id = getattr(obj, self.author_attr, None)
        author = getattr(obj, "author", None)  # the person, when loaded: do they read the level themselves?
        author_reads_base = base.owner_id == author_id or author is None or can_see_level(author, base.level)
        author_role_ok = self.author_roles is None or author is None or author.role in self.author_roles
        champions = author_reads = True
        members_read = base.group is not None and all("members" in state.readers for state in active)
        for state in active:
            champions = champions and "champions" in state.readers and (
                not state.within_level or base.level != OWNER_ONLY)
            author_reads = (author_reads and "author" in state.readers and author_role_ok
                            and (not state.within_level or author_reads_base))
        return AccessLabel("champions" if champions else OWNER_ONLY, author_id if author_reads else None,
                           base.group if members_read else None)

    def search_label(self, obj) -> AccessLabel | None:
        """The label its search documents carry, or None when search leaves it out."""
        return self.access_label(obj) if self.is_listed(obj) else None

    # SQL: conditions on the model's columns
    def clause(self, user, *, words: bool = True):
        """SQL: the rows this person may read (every list and count starts here)."""
        return per_person(("audience", words), user, lambda: self._clause(user, words), of=(self,))

    def _clause(self, user, words: bool):
        from sqlalchemy import and_, not_, or_

        if not _signed_in(user):
            return _false()
        model = self.model
        states = self._states(words)
        member = [self.members.clause(model, user)] if self.members is not None else []
        parts = []
        if self.level_attr:
            level = getattr(model, self.level_attr).in_(visible_levels(user) or ("__nobody__",))
            parts.append(or_(level, *[s.when.clause(model) for s in states if not s.within_level], *member))
        for state in states:
            if "champions" in state.readers and is_champion(user):
                continue
            author = (getattr(model, self.author_attr) == user.id) if self._author_may(user, state.readers) else _false()
            parts.append(or_(not_(state.when.clause(model)), author, *(member if "members" in state.readers else [])))
        if self.parent:
            parts.append(getattr(model, self.parent[0]).has(self.parent[1].clause(user)))
        return and_(*parts)

    def listed_clause(self, user=None):
        """SQL: what lists and search show this person (what they may read, less the unlisted states)."""
        return per_person(("listed", user is None), user, lambda: self._listed_clause(user), of=(self,))

    def _listed_clause(self, user):
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
        return per_person(("open", user is None), user, lambda: self._open_clause(user), of=(self,))

    def _open_clause(self, user):
        from sqlalchemy import and_, not_

        model = self.model
        parts = [not_(s.when.clause(model)) for s in self.states]
        if user is not None and self.level_attr:
            parts.append(getattr(model, self.level_attr).in_(visible_levels(user) or ("__nobody__",)))
        if self.parent:
            parts.append(getattr(model, self.parent[0]).has(self.parent[1].open_clause(user)))
        return and_(*parts)


def member_audiences() -> tuple[Audience, ...]:
    """Every audience in the rulebook that declares members (each gives its members a group)."""
    return tuple(a for a in globals().values() if isinstance(a, Audience) and a.members is not None)


def _group_member_ids(group: str) -> set[int]:
    """The ids of the members of a group ("workshop:12"): empty when no audience declares it."""
    from champions.extensions import db

    prefix, _, object_id = group.partition(":")
    for audience in member_audiences():
        if audience.members.prefix == prefix and object_id.isdigit():
            obj = db.session.get(audience.model, int(object_id))
            return audience.members.user_ids(obj) if obj is not None else set()
    return set()


def user_groups(user) -> frozenset[str]:
    """The groups ("workshop:12") this person is a member of, from every audience that declares members.

    One query for every audience, cached for the rest of the request (on `g`, for the request it was made in).
    """
    if not _signed_in(user) or not member_audiences():
        return frozenset()
    cache = g.get("_user_groups") if has_request_context() else None
    if cache is not None and cache[0] is request._get_current_object() and user.id in cache[1]:
        return cache[1][user.id]
    from sqlalchemy import select

    from champions.extensions import db

    query = per_person(("groups query",), user, lambda: select(groups_select(user).subquery().c.grp),
                       of=member_audiences())  # built (and keyed for the statement cache) once a person
    groups = frozenset(db.session.scalars(query))
    if has_request_context():
        if cache is None or cache[0] is not request._get_current_object():
            cache = g._user_groups = (request._get_current_object(), {})
        cache[1][user.id] = groups
    return groups


def forget_user_groups() -> None:
    """Drop this request's cached groups (after adding or removing members)."""
    if has_request_context():
        g.pop("_user_groups", None)


def recipients(told: "str | AccessLabel"):
    """A select() of the people told of something, members only (one rule for every feature).

    "champions" means champions and admins (admins are champions-plus); an AccessLabel means everyone it
    admits: every member whose role reads its level, its owner and the members of its group.
    """
    from sqlalchemy import or_, select

    from champions.auth.models import User

    label = AccessLabel("champions") if told == "champions" else told
    roles = [role for role, levels in ROLE_LEVELS.items() if label.level in levels] or ["__nobody__"]
    who = [User.role.in_(roles)]
    if label.owner_id:
        who.append(User.id == label.owner_id)
    if label.group:
        who.append(User.id.in_(sorted(_group_member_ids(label.group)) or [-1]))
    return select(User).where(User.is_member, or_(*who)).order_by(User.id)


def label_clause(level_column, owner_column, user, group_column=None):
    """SQL: stored labels (search rows, notifications) this person may read: their levels, theirs as owner,
    or their groups'."""
    return per_person(("label",), user, lambda: _label_clause(level_column, owner_column, user, group_column),
                      of=(level_column, owner_column, group_column, *member_audiences()))


def _label_clause(level_column, owner_column, user, group_column):
    from sqlalchemy import or_

    levels = visible_levels(user)
    if not levels:
        return _false()
    parts = [level_column.in_(levels), owner_column == user.id]
    if group_column is not None and member_audiences():
        parts.append(group_column.in_(groups_select(user)))
    return or_(*parts)


def groups_select(user):
    """SQL: a select of the groups ("workshop:12") this person is a member of, to use inside another query
    (no query of its own, unlike user_groups)."""
    return per_person(("groups",), user, lambda: _groups_select(user), of=member_audiences())


def _groups_select(user):
    from sqlalchemy import String, cast, literal, select, union_all

    parts = [select((literal(f"{a.members.prefix}:") + cast(a.model.id, String)).label("grp"))
             .where(a.members.clause(a.model, user)) for a in member_audiences()]
    return parts[0] if len(parts) == 1 else union_all(*parts)


def can_see_label(user, level: str, owner_id: int | None = None, group: str | None = None) -> bool:
    """May this person read something labelled with this level, owner and group?"""
    return AccessLabel(level, owner_id, group).admits(user)


_CHAMPIONS = frozenset({"champions"})
_AUTHOR_AND_CHAMPIONS = frozenset({"author", "champions"})

QUESTION = Audience(
    "champions.questions.models:Question",
    states=(
        # Hidden by a champion: its author still opens it, to read the reason and fix it.
        State("hidden", Flag("hidden"), _AUTHOR_AND_CHAMPIONS),
        # Withdrawn, or held for a champion to check personal data: its author and champions open it;
        # only the author lists it ("My questions") and search leaves it out.
        State("withdrawn", Flag("withdrawn"), _AUTHOR_AND_CHAMPIONS, listed=False),
        State("held", Flag("held"), _AUTHOR_AND_CHAMPIONS, listed=False),
    ))
ANSWER = Audience(
    "champions.questions.models:Answer", level_attr=None, parent=("question", QUESTION),
    states=(
        State("hidden", Flag("hidden"), _AUTHOR_AND_CHAMPIONS),
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
RESOURCE = Audience(
    "champions.resources.models:Resource",
    states=(
        # A draft is its author's alone; one awaiting review is also the champions'; archived, champions only.
        State("draft", StatusIs(("draft",)), frozenset({"author"}), within_level=False),
        State("in review", StatusIs(("submitted", "returned")), _AUTHOR_AND_CHAMPIONS, within_level=False),
        State("archived", StatusIs(("archived",)), _CHAMPIONS, within_level=False),
    ))


def _attached_to(relationship: str, parent: Audience) -> Audience:
    """An attachment is read by those who read what it is attached to; a removed one by champions alone."""
    return Audience("champions.attachments.models:Attachment", level_attr=None, parent=(relationship, parent),
                    author_attr="uploader_id",
                    states=(State("removed", Flag("hidden"), _CHAMPIONS, listed=False),))


# One audience per kind of parent (Attachment.parent_kind), each derived from its parent's.
ATTACHMENT = {
    "question": _attached_to("question", QUESTION),
    "answer": _attached_to("answer", ANSWER),
    "meeting": _attached_to("meeting", MEETING),
    "practice_example": _attached_to("practice_example", PRACTICE_EXAMPLE),
    "update": _attached_to("update", UPDATE),
    "resource": _attached_to("resource", RESOURCE),
}


def attachment_audience(attachment) -> Audience | None:
    """The audience of one attachment (its parent's), or None for an unknown kind of parent."""
    return ATTACHMENT.get(getattr(attachment, "parent_kind", None))


def attachment_clause(user, *, listed: bool = False, kinds=None):
    """SQL: the attachments this person may read (listed=True: less those lists and search leave out).

    `kinds`: only files on these kinds of parent are asked for, so only their audiences are written out (the
    whole condition costs a few milliseconds to build and compile on every page that lists files)."""
    kinds = tuple(kinds) if kinds is not None else None
    return per_person(("attachments", listed, kinds, tuple(ATTACHMENT)), user, lambda: _attachment_clause(user, listed, kinds),
                      of=tuple(ATTACHMENT.values()))


def _attachment_clause(user, listed: bool, kinds):
    from sqlalchemy import and_, false, or_

    from champions.attachments.models import Attachment

    audiences = [(kind, ATTACHMENT[kind]) for kind in kinds if kind in ATTACHMENT] if kinds is not None \
        else list(ATTACHMENT.items())
    if not audiences:
        return false()
    return or_(*[and_(Attachment.parent_kind == kind,
                      audience.listed_clause(user) if listed else audience.clause(user))
                 for kind, audience in audiences])
# A workshop's participants always read it; until it is published only they and champions do; then also
# everyone its record is shared with ("members": nobody more).
WORKSHOP = Audience(
    "champions.workshops.models:Workshop", members=Members("participants", "workshop", key="user_id"),
    states=(State("in progress", StatusIs(("published",), negate=True), frozenset({"members", "champions"}),
                  within_level=False),))
# A self-evaluation: its contributors (members), its lead and the champions while in progress; once
# published, its chosen level too (contributors always read what they wrote).
EVALUATION = Audience(
    "champions.selfeval.models:SelfEvaluation", author_attr="lead_id",
    members=Members("contributors", "selfeval"),
    states=(State("in progress", StatusIs(("in_progress",)), frozenset({"author", "champions", "members"}),
                  within_level=False),))


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
    # Another person's second step (someone who lost their phone); your own is reset from your own settings.
    "admin.reset_second_factor": lambda u, target: is_admin(u) and target is not None and target.id != u.id,
    # A passkey is its owner's alone: anyone else is told it is not there.
    "auth.manage_passkey": lambda u, key: _signed_in(u) and key is not None and key.user_id == u.id,
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
    # The asker says which answer resolved their question. A champion may say it on their behalf while no
    # answer is accepted (never for the champion's own answer): the asker is told and can change it.
    "answer.accept": lambda u, a: _answer_live(u, a) and (is_owner(u, a.question) or (
        is_champion(u) and not is_owner(u, a) and a.question.accepted_answer_id is None)),
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
                                             and can_see_label(u, n.visibility, n.owner_id, n.access_group)),
    "notifications.settings": lambda u, o: _signed_in(u),
}

# --- search ---------------------------------------------------------------------------
_SEARCH: dict[str, Rule] = {
    "search.use": lambda u, o: _signed_in(u),
    # Champions keep the SDS synonyms and see what colleagues searched for and did not find.
    "search.synonyms": lambda u, o: is_champion(u),
    "search.unfound": lambda u, o: is_champion(u),
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
def induction_open_to_partners_query():
    """A published induction module open to partners, as a select (no rows when there is none)."""
    from champions.induction.models import Module
    from sqlalchemy import select

    return select(Module.id).where(INDUCTION_MODULE.open_clause(), Module.audience == "partners")


def _induction_open_to_partners() -> bool:
    """Is any published induction module open to partners? (Partners see the induction only then.)

    For the signed-in partner the navigation asks it in its counting query (champions.people.needs), once per
    request: the answer is kept on `g`."""
    from champions.extensions import db

    if has_request_context() and "hub_partner_induction" in g:
        return g.hub_partner_induction
    return db.session.scalar(induction_open_to_partners_query().limit(1)) is not None


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

# --- resources and attachments ----------------------------------------------------------
def _resource_read(user, resource) -> bool:
    return RESOURCE.allows(user, resource)


def _resource_edit(user, resource) -> bool:
    """Authors edit their unpublished resources; champions any they may read that is not archived."""
    if resource is None or resource.status == "archived" or not _resource_read(user, resource):
        return False
    if is_champion(user):
        return True
    return is_owner(user, resource) and resource.status in ("draft", "returned", "submitted")


def _resource_curate(user, resource) -> bool:
    return is_champion(user) and (resource is None or _resource_read(user, resource))


# What lets a person add a file to each kind of parent: the right to edit it.
_ATTACH_BY_PARENT = {"Question": "question.edit", "Answer": "answer.edit", "Meeting": "meeting.edit",
                     "PracticeExample": "practice.edit", "Update": "updates.edit", "Resource": "resource.edit"}


def _attachment_read(user, attachment) -> bool:
    audience = attachment_audience(attachment)
    return audience is not None and audience.allows(user, attachment)


def _attachment_add(user, parent) -> bool:
    action = _ATTACH_BY_PARENT.get(type(parent).__name__)
    return action is not None and can(user, action, parent)


_RESOURCES: dict[str, Rule] = {
    "resource.view": lambda u, o: _signed_in(u),
    "resource.read": _resource_read,
    # Champions add and publish; staff suggest one and partners add their organisation's: both reviewed.
    "resource.create": lambda u, o: is_staff(u) or _partner_with_organisation(u),
    "resource.edit": _resource_edit,
    "resource.submit": lambda u, o: o is not None and is_owner(u, o) and _resource_read(u, o),
    "resource.review": lambda u, o: is_champion(u),
    "resource.publish": _resource_curate,
    "resource.return": _resource_curate,
    "resource.archive": _resource_curate,
    "resource.restore": _resource_curate,
    "resource.confirm_review": _resource_curate,
    "attachment.read": _attachment_read,
    "attachment.add": _attachment_add,
    # A champion removes a file (hidden; its bytes deleted when it holds personal data).
    "attachment.remove": lambda u, a: is_champion(u) and _attachment_read(u, a) and not a.hidden,
}


# --- whole-systems workshops -----------------------------------------------------------
def _workshop_read(user, workshop) -> bool:
    """The list (no workshop) is for everyone signed in; a workshop by its audience."""
    return _signed_in(user) if workshop is None else WORKSHOP.allows(user, workshop)


def _workshop_facilitate(user, workshop) -> bool:
    """Its facilitator, or an admin: group cards, pass items on, close and publish."""
    return (workshop is not None and WORKSHOP.allows(user, workshop)
            and (is_admin(user) or (is_champion(user) and workshop.facilitator_id == user.id)))


def _workshop_contribute(user, workshop) -> bool:
    """Its participants and facilitator add cards and items while it is not yet published."""
    return (workshop is not None and not workshop.is_published
            and (_workshop_facilitate(user, workshop) or WORKSHOP.members.has(user, workshop)))


def _workshop_edit_own(user, thing) -> bool:
    """A card or item: its author, or the facilitator, while the workshop is not published."""
    return (thing is not None and _workshop_contribute(user, thing.workshop)
            and (thing.author_id == user.id or _workshop_facilitate(user, thing.workshop)))


_WORKSHOPS: dict[str, Rule] = {
    "workshop.view": _workshop_read,
    "workshop.create": lambda u, o: is_champion(u),
    "workshop.facilitate": _workshop_facilitate,
    # Grouping cards, clusters, the action now and taking items: only until the record is published.
    "workshop.arrange": lambda u, w: _workshop_facilitate(u, w) and not w.is_published,
    "workshop.contribute": _workshop_contribute,
    "workshop.edit_entry": _workshop_edit_own,
    "workshop.publish": lambda u, w: _workshop_facilitate(u, w) and not w.is_published,
    # Every earlier wording of its cards and items: champions (who moderate), on a workshop they may read.
    "workshop.history": lambda u, w: is_champion(u) and w is not None and WORKSHOP.allows(u, w),
    # Who may be chosen to facilitate: a champion or an admin.
    "workshop.be_facilitator": lambda u, o: is_champion(o),
    # "You said, we did" of a record (obj: (record, linked team exercise)) shows the linked exercise's cards to
    # people who may read that exercise; once the record is published, to the record's audience too (publishing
    # shares the whole trace), never before.
    "workshop.show_in_trace": lambda u, pair: WORKSHOP.allows(u, pair[1]) or (
        pair[0].is_published and WORKSHOP.allows(u, pair[0])),
}


# --- self-evaluation against the SDS standards -----------------------------------------------
def _selfeval_read(user, evaluation) -> bool:
    return EVALUATION.allows(user, evaluation)


def _selfeval_lead(user, evaluation) -> bool:
    """Its lead (who started it) or an administrator, on an evaluation they may read."""
    return (_selfeval_read(user, evaluation)
            and (evaluation.lead_id == user.id or is_admin(user)))


def _selfeval_in_progress(evaluation) -> bool:
    return evaluation is not None and evaluation.status == "in_progress"


_SELFEVAL: dict[str, Rule] = {
    "selfeval.view": lambda u, o: _signed_in(u),
    "selfeval.create": lambda u, o: is_champion(u),
    "selfeval.read": _selfeval_read,
    # Contributors rate, link evidence and propose actions while it is in progress; so does its lead.
    "selfeval.contribute": lambda u, e: (_selfeval_in_progress(e) and _selfeval_read(u, e)
                                         and (e.is_contributor(u) or e.lead_id == u.id)),
    # Contributors may disagree: the lead alone sets the agreed rating, and publishes.
    "selfeval.agree": lambda u, e: _selfeval_in_progress(e) and _selfeval_lead(u, e),
    "selfeval.publish": lambda u, e: _selfeval_in_progress(e) and _selfeval_lead(u, e),
    # A published evaluation is corrected only with a visible revision, by its lead or a champion.
    "selfeval.correct": lambda u, e: (e is not None and e.status == "published" and _selfeval_read(u, e)
                                      and (e.lead_id == u.id or is_champion(u))),
    "selfeval.history": _selfeval_read,
    # The partnership view and the CSV of every evaluation: champions and admins.
    "selfeval.summary": lambda u, o: is_champion(u),
}


# --- people: profiles and asking a champion -------------------------------------------
def _is_person(target) -> bool:
    return target is not None and bool(getattr(target, "email_confirmed_at", None))


_PEOPLE: dict[str, Rule] = {
    # Everyone signed in may open anyone's profile; what it lists comes from each content type's audience.
    "people.view": lambda u, target: _signed_in(u) and _is_person(target),
    "people.suggest": lambda u, o: _signed_in(u) and u.role in ROLE_LEVELS,
    "people.follow": lambda u, o: _signed_in(u) and u.role in ROLE_LEVELS,
    # "Ask this champion": a champion who still uses the Hub, asked by someone else who may ask questions.
    "people.ask": lambda u, target: (_signed_in(u) and u.role in ROLE_LEVELS and target is not None
                                     and target.is_member and target.role in CHAMPION_ROLES and target.id != u.id),
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
    # A download the worker prepared: its owner only (anyone else gets a 404).
    "mydata.fetch_export": lambda u, e: _signed_in(u) and e is not None and e.user_id == u.id,
    # Erasing a leaver: an admin, never their own account, once.
    "mydata.erase_any": lambda u, o: is_admin(u),
    "mydata.erase": lambda u, p: (is_admin(u) and p is not None and p.id != u.id
                                  and not p.email.endswith("@erased.invalid")),
}


RULES: dict[str, Rule] = {}
for _section in (_FOUNDATION, _QUESTIONS, _MODERATION, _NOTIFICATIONS, _SEARCH,
                 _MEETINGS, _INDUCTION, _PRACTICE, _UPDATES, _RESOURCES, _WORKSHOPS, _SELFEVAL, _PEOPLE,
                 _INSIGHTS, _ACCURACY, _MYDATA):
    _duplicated = RULES.keys() & _section.keys()
    if _duplicated:
        raise RuntimeError(f"permission rules defined twice: {sorted(_duplicated)}")
    RULES.update(_section)


# While a template renders nothing changes, but it asks about the same answer a dozen times (may I vote,
# accept, edit, withdraw ...), and each asks whether its question may be read: remember those answers then.
_MEMO: ContextVar[dict | None] = ContextVar("permissions_memo", default=None)


@contextmanager
def remembering(memo: dict) -> Iterator[None]:
    """Within this block, audiences' answers for an object are kept in `memo` (one template render)."""
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)


def can(user, action: str, obj: Any = None) -> bool:
    """May this user do this action (to this object)? Unknown actions are refused loudly."""
    try:
        rule = RULES[action]
    except KeyError:
        raise KeyError(f"no permission rule for {action!r}") from None
    if isinstance(user, LocalProxy):  # `current_user`: resolve it once, not on every attribute a rule reads
        user = user._get_current_object()
    return bool(rule(user, obj))


def _answer_signature(user, answer) -> tuple:
    """All that the rules in SIGNED["Answer"] read of an answer, for this person: its question (the object),
    whether it is hidden, held or withdrawn, and whether it is theirs (its author is read only to compare
    with them). tests/test_permission_signatures.py proves it, rule by rule."""
    author_id = answer.author_id
    return (id(answer.question), bool(answer.hidden), bool(answer.held), answer.withdrawn_at is not None,
            author_id is not None and author_id == getattr(user, "id", None))


# Kinds of object whose decisions, for the actions listed, depend only on a few of the object's fields:
# model name -> (signature(user, obj), actions). `decisions` decides once per distinct signature (a page of
# 50 answers has a handful) instead of once per object. An action not listed is decided object by object,
# so a new rule is safe until its test shows the signature covers what it reads.
SIGNED: dict[str, tuple[Callable[[Any, Any], tuple], frozenset[str]]] = {
    "Answer": (_answer_signature, frozenset({
        "answer.view", "answer.read", "answer.edit", "answer.vote", "answer.accept", "answer.endorse",
        "answer.unwithdraw", "answer.hide", "answer.withdraw", "answer.flag", "attachment.add"})),
}


def decisions(user, actions, objects) -> dict[Any, dict[str, bool]]:
    """This person's answer to each action for each object, by object id: a page's buttons decided once, in
    one place, rather than rule by rule as its template renders.

    Objects of a kind in SIGNED, asked only actions its signature covers, are decided once per signature
    (objects alike in all the rules read share one decisions dict, to be read and not changed; the objects
    are kept alive meanwhile, so an id in a signature stays its object's)."""
    if isinstance(user, LocalProxy):
        user = user._get_current_object()
    objects, actions = list(objects), tuple(actions)
    signed = SIGNED.get(type(objects[0]).__name__) if objects else None
    if signed is not None and not (set(actions) <= signed[1]
                                   and all(type(obj) is type(objects[0]) for obj in objects)):
        signed = None
    with remembering({}):
        if signed is None:
            return {obj.id: {action: can(user, action, obj) for action in actions} for obj in objects}
        signature, by_signature, result = signed[0], {}, {}
        for obj in objects:
            key = signature(user, obj)
            decided = by_signature.get(key)
            if decided is None:
                decided = by_signature[key] = {action: can(user, action, obj) for action in actions}
            result[obj.id] = decided  # shared by the objects alike: read only
        return result


def require(action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Abort unless the current user may do this: 404 when hide=True (content they may not see), else 403."""
    if not can(current_user, action, obj):
        abort(404 if hide else 403)


def get_or_404(model, object_id: int, read_action: str, action: str | None = None, options=()):
    """Load one object for the current user: 404 if it is missing or they may not read it, 403 if they
    may read it but not do `action` to it. The load-then-authorise step every blueprint shares.
    `options`: loader options (selectinload...) for what the page shows, loaded with the object (when the
    session holds it already, they do not apply: what it shows loads as it is used)."""
    from champions.extensions import db

    obj = db.session.get(model, object_id, options=options)
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


# --- Operations: who may read /metrics (a scraper, not a person: no role, so not a `can` rule) ---------
def may_read_metrics(token: str, allow: list[str], presented: str | None, address: str | None) -> bool:
    """True for the right bearer token (METRICS_TOKEN, compared in constant time) or a client address inside
    METRICS_ALLOW. No token and no allow-list configured: nobody. `address` is None when it cannot be trusted."""
    import hmac
    import ipaddress

    if token and presented is not None and hmac.compare_digest(presented.encode(), token.encode()):
        return True
    if not allow or not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    if getattr(client, "ipv4_mapped", None):
        client = client.ipv4_mapped
    return any(client in network for network in _networks(tuple(allow)))


@functools.lru_cache(maxsize=8)
def _networks(allow: tuple[str, ...]) -> tuple:
    """METRICS_ALLOW's networks, read once per setting (the config checked each entry when the app started)."""
    import ipaddress

    return tuple(ipaddress.ip_network(item, strict=False) for item in allow)
