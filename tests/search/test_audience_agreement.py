"""The four views of each audience agree: for content in every state and people in every role,
can(view) == it appears in the feature's list == search finds it (each backend) == its notification shows.

Hypothesis makes a few small batches of content (every content type, random states and authors); each
batch is checked against the same people. A view written by hand instead of derived from the audience in
champions/permissions.py (a list that forgets `hidden`, a search label set in a feature) fails here.
"""
from __future__ import annotations

from contextlib import contextmanager

import itertools
import os
import random

from flask_login import AnonymousUserMixin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from champions import permissions
from champions.extensions import db
from champions.permissions import can
from champions.search import enqueue, index, jobs
from tests import factories
from tests import factories_induction as make_induction
from tests import factories_meetings as make_meetings
from tests import factories_practice as make_practice
from tests import factories_questions as make_questions
from tests import factories_resources as make_resources
from tests import factories_selfeval as make_selfeval

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)

LEVELS = ("champions", "staff", "partners")
# The people every object is checked against; authors are drawn from them, so "the author" is covered.
PEOPLE = ("practitioner", "partner", "partner_elsewhere", "champion", "admin", "practitioner_two")
STAFF = ("practitioner", "champion", "admin", "practitioner_two")
_words = itertools.count(1)


def _word() -> str:
    """A word no other content has: letters only, so every search analyser keeps it whole."""
    return "zq" + "".join("bcdfghjklm"[int(d)] for d in str(next(_words))) + "x"


questions = st.lists(st.fixed_dictionaries({
    "visibility": st.sampled_from(LEVELS), "hidden": st.booleans(), "withdrawn": st.booleans(),
    "held": st.booleans(), "author": st.sampled_from(PEOPLE)}), min_size=1, max_size=3)
answers = st.lists(st.fixed_dictionaries({
    "question": st.integers(0, 2), "hidden": st.booleans(), "held": st.booleans(), "withdrawn": st.booleans(),
    "author": st.sampled_from(PEOPLE)}), max_size=3)
meetings = st.lists(st.fixed_dictionaries({
    "status": st.sampled_from(("draft", "published")), "visibility": st.sampled_from(LEVELS)}), max_size=2)
examples = st.lists(st.fixed_dictionaries({
    "status": st.sampled_from(("draft", "submitted", "returned", "published", "archived")),
    "visibility": st.sampled_from(LEVELS), "author": st.sampled_from(STAFF)}), max_size=3)
updates = st.lists(st.fixed_dictionaries({
    "hidden": st.booleans(), "visibility": st.sampled_from(LEVELS)}), max_size=2)
resources = st.lists(st.fixed_dictionaries({
    "status": st.sampled_from(("draft", "submitted", "returned", "published", "archived")),
    "visibility": st.sampled_from(("staff", "partners")), "author": st.sampled_from(PEOPLE)}), max_size=2)
# Files on the generated content: (parent kind, index among them, removed by a champion?)
attachments = st.lists(st.tuples(st.sampled_from(("question", "answer", "resource", "practice", "meeting", "update")),
                                 st.integers(0, 2), st.booleans()), max_size=3)
modules = st.lists(st.fixed_dictionaries({
    "status": st.sampled_from(("draft", "published")), "audience": st.sampled_from(("staff", "partners"))}),
    max_size=2)
evaluations = st.lists(st.fixed_dictionaries({
    "status": st.sampled_from(("in_progress", "published")), "visibility": st.sampled_from(LEVELS),
    "lead": st.sampled_from(("champion", "admin")),
    "contributors": st.sampled_from(((), ("practitioner",), ("partner", "practitioner_two")))}), max_size=2)


def _people():
    own = factories.organisation("Carers Link", kind="partner")
    made = {name: factories.user(name.split("_")[0], organisation_=own if name == "partner" else None)
            for name in PEOPLE}
    made["anonymous"] = AnonymousUserMixin()
    db.session.commit()
    return made


def _make(people, batch, word):
    """Add one batch of content, every title carrying `word`; returns {kind: [(object, own search word)]}."""
    made = {"question": [], "answer": [], "meeting": [], "practice": [], "update": [], "lesson": [],
            "resource": [], "attachment": [], "evaluation": []}
    for spec in batch["questions"]:
        author = people[spec["author"]]
        visibility = "partners" if author.role == "partner" else spec["visibility"]
        made["question"].append(make_questions.question(
            author=author, title=f"Respite {word} {_word()}", visibility=visibility,
            hidden=spec["hidden"], withdrawn=spec["withdrawn"], held=spec["held"]))
    for spec in batch["answers"]:
        own = _word()
        question = made["question"][spec["question"] % len(made["question"])]
        answer = make_questions.answer(question, author=people[spec["author"]], body=f"We use {own} here.",
                                       hidden=spec["hidden"], held=spec["held"])
        if spec["withdrawn"]:
            answer.withdrawn_at = question.created_at
        made["answer"].append((answer, own))
    for spec in batch["meetings"]:
        made["meeting"].append(make_meetings.meeting(title=f"Champions meeting {word}", **spec))
    for spec in batch["examples"]:
        made["practice"].append(make_practice.example(
            author=people[spec["author"]], title=f"Example {word}", status=spec["status"],
            visibility=spec["visibility"]))
    for spec in batch["updates"]:
        made["update"].append(make_practice.update(author=people["partner"], title=f"News {word}", **spec))
    for spec in batch.get("resources", ()):
        made["resource"].append(make_resources.resource(
            author=people[spec["author"]], title=f"Resource {word}", status=spec["status"],
            visibility=spec["visibility"]))
    db.session.flush()
    for kind, at, removed in batch.get("attachments", ()):
        parents = [p if kind != "answer" else p[0] for p in made[kind]]
        if parents:
            made["attachment"].append(_attach(people, parents[at % len(parents)], removed))
    for spec in batch["modules"]:
        module = make_induction.module(title=f"Module {word}", lessons=0, **spec)
        made["lesson"].append(make_induction.lesson(module, title=f"Lesson {word}"))
    for spec in batch.get("evaluations", ()):
        made["evaluation"].append(make_selfeval.evaluation(
            people[spec["lead"]], title=f"Evaluation {word}", status=spec["status"], visibility=spec["visibility"],
            contributors=[people[name] for name in spec["contributors"]]))
    permissions.forget_user_groups()  # new members, as the feature does after adding them
    db.session.flush()
    for question in made["question"]:
        from champions.questions import service

        service.refresh(question)
    for kind, search_kind in (("meeting", "meeting"), ("practice", "practice_example"), ("update", "update"),
                              ("lesson", "lesson"), ("resource", "resource"), ("evaluation", "selfeval")):
        for obj in made[kind]:
            enqueue(search_kind, obj.id)
    return made


def _attach(people, parent, removed):
    """A file record with its own word as its text (no bytes: only who may read it is checked)."""
    from champions.attachments.models import PARENTS, Attachment
    from champions.attachments.service import KIND_OF

    own = _word()
    kind = KIND_OF[type(parent).__name__]
    attachment = Attachment(parent_kind=kind, filename="paper.pdf", file_kind="pdf", size=1,
                            storage_key=_word(), text=f"Paper {own}", uploader_id=people["champion"].id,
                            hidden=removed)
    setattr(attachment, PARENTS[kind], parent.id)
    db.session.add(attachment)
    return attachment, own


def _notify_about(people, subject, label, sync) -> None:
    """Notify everyone about the object with its derived label, and once more with the widest label
    brought in line by the feature's own sync (as when content is hidden after people were told)."""
    from champions.notifications.service import notify

    everyone = [p for name, p in people.items() if name != "anonymous"]
    notify(everyone, kind="audience_test", title="About it", url="/x", visibility=label, subject=subject)
    notify(everyone, kind="audience_test", title="About it", url="/x", visibility="partners", subject=subject)
    sync()


def _notified(person, subject) -> bool:
    from champions.notifications.models import Notification
    from champions.notifications.service import visible_to

    if not getattr(person, "is_authenticated", False):
        return False
    shown = db.session.scalars(visible_to(person).where(Notification.subject == subject)).all()
    assert len(shown) in (0, 2), f"one of the two notifications about {subject} disagrees with the other"
    return len(shown) == 2


def _found(person, text, kind) -> set[str]:
    # Words only: the test's invented words ("zqbcx") share sub-word pieces, so by meaning each finds the
    # others' visible documents. What meaning adds is checked for permissions in tests/search/test_semantic.py.
    with semantic_off():
        results = index.query(person, text, kinds=[kind], per_page=200)
        # Related questions and "similar" use their own ranking path: it shows nothing the search would not.
        similar = {hit.doc_id for hit in index.similar(person, text, kind=kind, limit=200)}
    assert not results.unavailable
    found = {hit.doc_id for hit in results.hits}
    assert similar <= found, f"similar() shows {sorted(similar - found)} that search does not"
    return found


@contextmanager
def semantic_off():
    """Search by words only for a moment (the app is shared by the tests of this process)."""
    from flask import current_app

    before = current_app.config.get("SEARCH_SEMANTIC", True)
    current_app.config["SEARCH_SEMANTIC"] = False
    try:
        yield
    finally:
        current_app.config["SEARCH_SEMANTIC"] = before


def _ids(query) -> set[int]:
    return {obj.id for obj in db.session.scalars(query)}


def _check(people, made, word):
    from champions.induction import progress
    from champions.meetings import service as meetings
    from champions.meetings.models import Meeting
    from champions.notifications.service import set_subject_visibility
    from champions.practice import notices
    from champions.practice import queries as practice_queries
    from champions.questions import queries as question_queries
    from champions.questions import service as questions
    from champions.updates import service as updates

    for question in made["question"]:
        _notify_about(people, f"question:{question.id}", questions.notification_level(question),
                      lambda q=question: questions.sync_notifications(q))
    for meeting in made["meeting"]:
        _notify_about(people, f"meeting:{meeting.id}", meetings.notification_level(meeting),
                      lambda m=meeting: meetings.sync_notifications(m))
    for example in made["practice"]:
        _notify_about(people, f"practice_example:{example.id}", notices.notification_level(example),
                      lambda e=example: notices.sync_notifications(e))
    for update in made["update"]:
        _notify_about(people, f"update:{update.id}", permissions.UPDATE.access_label(update),
                      lambda u=update: set_subject_visibility(f"update:{u.id}", permissions.UPDATE.access_label(u)))
    for evaluation in made["evaluation"]:
        _notify_about(people, f"selfeval:{evaluation.id}", permissions.EVALUATION.access_label(evaluation),
                      lambda e=evaluation: set_subject_visibility(f"selfeval:{e.id}",
                                                                  permissions.EVALUATION.access_label(e)))
    db.session.commit()
    jobs.process_pending()

    for name, person in people.items():
        signed_in = name != "anonymous"
        where = f"{name} ({getattr(person, 'role', None)})"

        latest = _ids(question_queries.list_query(person)) if signed_in else set()
        mine = _ids(question_queries.list_query(person, "mine")) if signed_in else set()
        found = _found(person, word, "question")
        for q in made["question"]:
            state = f"{where}, question {q.visibility} hidden={q.hidden} withdrawn={q.withdrawn} held={q.held} " \
                    f"own={q.author_id == getattr(person, 'id', None)}"
            sees = can(person, "question.view", q)
            listed = sees and permissions.QUESTION.is_listed(q)
            assert (q.id in latest) == listed, f"list: {state}"
            assert (q.id in mine) == (sees and q.author_id == person.id if signed_in else False), f"mine: {state}"
            assert (f"question:{q.id}" in found) == listed, f"search: {state}"
            assert _notified(person, f"question:{q.id}") == sees, f"notification: {state}"

        for a, own in made["answer"]:
            state = f"{where}, answer hidden={a.hidden} held={a.held} withdrawn={a.withdrawn} to question " \
                    f"{a.question.visibility} hidden={a.question.hidden} withdrawn={a.question.withdrawn} " \
                    f"held={a.question.held} own={a.author_id == getattr(person, 'id', None)}"
            reads = can(person, "answer.read", a)
            from champions.questions.models import Answer

            assert (a.id in _ids(select(Answer).where(permissions.ANSWER.clause(person)))) == reads, f"SQL: {state}"
            assert (a.id in _ids(select(Answer).where(permissions.ANSWER.clause(person, words=False)))) \
                == can(person, "answer.view", a), f"SQL, that it exists: {state}"
            assert bool(_found(person, own, "question")) == (reads and permissions.ANSWER.is_listed(a)), \
                f"search: {state}"

        shown = _ids(select(Meeting).where(meetings.visible_clause(person)))
        found = _found(person, word, "meeting")
        for m in made["meeting"]:
            state = f"{where}, meeting {m.status} {m.visibility}"
            sees = can(person, "meeting.view", m)
            assert (m.id in shown) == sees, f"list: {state}"
            assert (f"meeting:{m.id}" in found) == sees, f"search: {state}"
            assert _notified(person, f"meeting:{m.id}") == sees, f"notification: {state}"

        library = _ids(practice_queries.library_query(person, {}))
        found = _found(person, word, "practice_example")
        for e in made["practice"]:
            state = f"{where}, example {e.status} {e.visibility} own={e.author_id == getattr(person, 'id', None)}"
            reads = can(person, "practice.read", e)
            assert (e.id in library) == (reads and permissions.PRACTICE_EXAMPLE.is_open(e)), f"library: {state}"
            assert (e.id in _ids(select(type(e)).where(permissions.PRACTICE_EXAMPLE.clause(person)))) == reads, \
                f"SQL: {state}"
            assert (f"practice_example:{e.id}" in found) == reads, f"search: {state}"
            assert _notified(person, f"practice_example:{e.id}") == reads, f"notification: {state}"

        listed = _ids(updates.list_query(person)) if signed_in else set()
        found = _found(person, word, "update")
        for u in made["update"]:
            state = f"{where}, update {u.visibility} hidden={u.hidden}"
            reads = can(person, "updates.read", u)
            assert (u.id in listed) == reads, f"list: {state}"
            assert (f"update:{u.id}" in found) == reads, f"search: {state}"
            assert _notified(person, f"update:{u.id}") == reads, f"notification: {state}"

        from champions.resources import queries as resource_queries
        from champions.resources.models import Resource

        library = _ids(resource_queries.library_query(person, {})) if signed_in else set()
        readable = _ids(select(Resource).where(permissions.RESOURCE.clause(person)))
        found = _found(person, word, "resource")
        for r in made["resource"]:
            state = f"{where}, resource {r.status} {r.visibility} own={r.author_id == getattr(person, 'id', None)}"
            reads = can(person, "resource.read", r)
            assert (r.id in library) == (reads and permissions.RESOURCE.is_open(r)), f"library: {state}"
            assert (r.id in readable) == reads, f"SQL: {state}"
            assert (f"resource:{r.id}" in found) == reads, f"search: {state}"

        from champions.attachments.models import Attachment

        files = _ids(select(Attachment).where(permissions.attachment_clause(person)))
        for a, own in made["attachment"]:
            state = f"{where}, file on {a.parent_kind} removed={a.hidden}"
            reads = can(person, "attachment.read", a)
            assert (a.id in files) == reads, f"SQL: {state}"
            listed = reads and permissions.attachment_audience(a).is_listed(a)
            assert bool(_found(person, own, "attachment")) == listed, f"search: {state}"

        from champions.selfeval.models import SelfEvaluation

        listed = _ids(select(SelfEvaluation).where(permissions.EVALUATION.listed_clause(person))) if signed_in else set()
        found = _found(person, word, "selfeval")
        for e in made["evaluation"]:
            state = f"{where}, evaluation {e.status} {e.visibility} contributors={[c.id for c in e.contributors]}"
            reads = can(person, "selfeval.read", e)
            assert (e.id in listed) == reads, f"list: {state}"
            assert (f"selfeval:{e.id}" in found) == reads, f"search: {state}"
            assert _notified(person, f"selfeval:{e.id}") == reads, f"notification: {state}"
            told = set(db.session.scalars(permissions.recipients(permissions.EVALUATION.access_label(e))))
            assert (person in told) == reads, f"recipients: {state}"

        taken = {m.id for m in progress.published_modules(person)} if signed_in else set()
        found = _found(person, word, "lesson")
        for lesson in made["lesson"]:
            module = lesson.module
            state = f"{where}, module {module.status} {module.audience}"
            sees = can(person, "induction.view_module", module)
            assert (module.id in taken) == (sees and permissions.INDUCTION_MODULE.is_open(module)), f"list: {state}"
            assert (f"lesson:{lesson.id}" in found) == sees, f"search: {state}"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.fixed_dictionaries({"questions": questions, "answers": answers, "meetings": meetings,
                                    "examples": examples, "updates": updates, "modules": modules,
                                    "resources": resources, "attachments": attachments,
                                    "evaluations": evaluations}))
def test_the_object_check_lists_search_and_notifications_agree(app, batch):
    # Hypothesis seeds `random` the same way for every example, and Whoosh names new index segments with it:
    # the same names again would collide in one index directory.
    random.seed(os.urandom(16))
    people = getattr(app, "_audience_people", None)
    if people is None:
        people = app._audience_people = _people()
    word = _word()
    made = _make(people, batch, word)
    _check(people, made, word)


def test_every_state_of_every_type_is_reached():
    """The generators above can produce every state each audience declares (so none goes untested)."""
    declared = {
        "question": permissions.QUESTION, "answer": permissions.ANSWER, "meeting": permissions.MEETING,
        "practice": permissions.PRACTICE_EXAMPLE, "update": permissions.UPDATE,
        "module": permissions.INDUCTION_MODULE, "resource": permissions.RESOURCE,
        "workshop": permissions.WORKSHOP, "evaluation": permissions.EVALUATION,
        **{f"file on {kind}": audience for kind, audience in permissions.ATTACHMENT.items()}}
    reachable = {
        "question": {"hidden", "withdrawn", "held"}, "answer": {"hidden", "held", "withdrawn"},
        "meeting": {"draft"}, "practice": {"draft", "in review", "archived"}, "update": {"hidden"},
        "module": {"draft"}, "resource": {"draft", "in review", "archived"}, "workshop": {"in progress"},
        "evaluation": {"in progress"},
        **{f"file on {kind}": {"removed"} for kind in permissions.ATTACHMENT}}
    for kind, audience in declared.items():
        assert {state.name for state in audience.states} == reachable[kind], kind


# --- an audience with members (e.g. a workshop's participants): the same four views agree -----------------
def _members_audience():
    """A test audience over meetings whose attendees are its members: drafts for members and champions."""
    return permissions.Audience(
        "champions.meetings.models:Meeting", members=permissions.Members("attendees", "members_test", key="user_id"),
        states=(permissions.State("draft", permissions.StatusIs(("published",), negate=True),
                                  frozenset({"members", "champions"}), within_level=False),))


def test_a_members_audience_the_object_check_lists_search_and_notifications_agree(app, monkeypatch):
    from champions.meetings.models import Meeting
    from champions.notifications.service import notify, set_subject_visibility
    from champions.search import SearchDocument, SearchType, register
    from champions.search.types import unregister

    audience = _members_audience()
    monkeypatch.setattr(permissions, "MEMBERS_TEST", audience, raising=False)

    def documents_for(meeting_id):
        meeting = db.session.get(Meeting, meeting_id)
        label = audience.search_label(meeting)
        return [SearchDocument(doc_id=f"members_test:{meeting.id}", kind="members_test", title=meeting.title,
                               body="", url="/x", visibility=label.level, owner_id=label.owner_id,
                               group=label.group, created_at=meeting.starts_at)]

    register(SearchType(kind="members_test", label="Members tests", documents_for=documents_for,
                        all_ids=lambda: db.session.scalars(select(Meeting.id)).all(), doc_prefixes=("members_test:",)))
    try:
        people = _people()
        members = [people["partner"], people["practitioner"]]
        word = _word()
        made = []
        for status in ("draft", "published"):
            for visibility in ("champions", "staff", "partners", "members"):
                for attendees in ((), members):
                    made.append(make_meetings.meeting(title=f"Workshop {word}", status=status, visibility=visibility,
                                                      attendees=attendees))
        # A label whose group is right but whose level is wider is narrowed by the sync, as features do.
        everyone = [p for name, p in people.items() if name != "anonymous"]
        for meeting in made:
            subject = f"members_test:{meeting.id}"
            notify(everyone, kind="audience_test", title="About it", url="/x",
                   visibility=audience.access_label(meeting), subject=subject)
            notify(everyone, kind="audience_test", title="About it", url="/x", visibility="partners", subject=subject)
            set_subject_visibility(subject, audience.access_label(meeting))
            enqueue("members_test", meeting.id)
        db.session.commit()
        jobs.process_pending()
        for name, person in people.items():
            listed = _ids(select(Meeting).where(audience.clause(person))) if name != "anonymous" else set()
            found = _found(person, word, "members_test")
            groups = permissions.user_groups(person)
            for meeting in made:
                state = f"{name}: {meeting.status} {meeting.visibility} members={len(meeting.attendees)}"
                reads = audience.allows(person, meeting)
                assert (meeting.id in listed) == reads, f"SQL: {state}"
                assert (f"members_test:{meeting.id}" in found) == reads, f"search: {state}"
                assert _notified(person, f"members_test:{meeting.id}") == reads, f"notification: {state}"
                assert audience.access_label(meeting).admits(person) == reads, f"label: {state}"
                told = set(db.session.scalars(permissions.recipients(audience.access_label(meeting))))
                assert (person in told) == reads, f"recipients: {state}"
                assert (f"members_test:{meeting.id}" in groups) == (name in ("partner", "practitioner")
                                                                   and bool(meeting.attendees)), state
        # Members read their meetings at every level; others by level once published, champions always.
        partner = people["partner"]
        assert {m.visibility for m in made if m.attendees and audience.allows(partner, m)} == {
            "champions", "staff", "partners", "members"}
        assert not any(audience.allows(people["partner_elsewhere"], m) for m in made if m.visibility != "partners"
                       or m.status == "draft")
    finally:
        unregister("members_test")


def test_workshops_the_object_check_list_search_and_notifications_agree(app):
    """Workshops (an audience with members): in progress, or published to each audience, with or without members."""
    from champions.notifications.service import notify, set_subject_visibility
    from champions.workshops import service as workshops
    from tests import factories_workshops as make_workshops

    people = _people()
    word = _word()
    made = []
    for status in ("open", "published"):
        for visibility in ("members", "staff", "partners"):
            for members in ((), (people["partner"], people["practitioner"])):
                made.append(make_workshops.workshop(title=f"Workshop {word}", status=status, visibility=visibility,
                                                    participants=members, facilitator=people["champion"]))
    everyone = [p for name, p in people.items() if name != "anonymous"]
    for workshop in made:
        subject = f"workshop:{workshop.id}"
        notify(everyone, kind="audience_test", title="About it", url="/x",
               visibility=permissions.WORKSHOP.access_label(workshop), subject=subject)
        notify(everyone, kind="audience_test", title="About it", url="/x", visibility="partners", subject=subject)
        set_subject_visibility(subject, permissions.WORKSHOP.access_label(workshop))
        enqueue("workshop", workshop.id)
    db.session.commit()
    jobs.process_pending()
    for name, person in people.items():
        listed = _ids(workshops.list_query(person)) if name != "anonymous" else set()
        found = _found(person, word, "workshop")
        for workshop in made:
            state = f"{name}: {workshop.status} {workshop.visibility} members={len(workshop.participants)}"
            reads = can(person, "workshop.view", workshop)
            assert (workshop.id in listed) == reads, f"list: {state}"
            assert (f"workshop:{workshop.id}" in found) == reads, f"search: {state}"
            assert _notified(person, f"workshop:{workshop.id}") == reads, f"notification: {state}"
