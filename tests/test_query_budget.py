"""Every page runs at most 10 SQL queries (issue 20): each HTML GET of the role table, as each role that opens it.

The pages are the GET rows of the route-by-role tables (tests/routes/<feature>.py) whose expected answer for
a role is 200, plus the richest demo object behind each detail page (`_rich_pages`), so that a page which
runs one query per answer, file, tag, card, person or kind of thing shows it. The data: the demo content
(`flask seed-demo`), the objects each route table makes, and some more per signed-in user (notifications,
bookmarks, follows, a reflection and an attempt in induction) and per item (several answers with files and
helpful votes; an evaluation with evidence of every kind and a correction; a meeting with guests, apologies,
actions, linked questions of every audience and a change; an example, a resource and an update with files
and tags; a draft module with its check written). It is seeded once per test module and process; each
feature's pages are one test, so parallel workers share the work.

A page over budget fails with the SQL it ran. Downloads (CSV, calendar, Atom and stored files) are not
pages: they are counted only when they answer HTML (an error or a form), and excluded otherwise.

Counts do not depend on how much content there is (lists are paged, and nothing is loaded per item), so a
handful of each kind shows what `make bench`'s thousands would.
"""
from __future__ import annotations

import contextvars
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlalchemy import event, func, literal, select, union_all

from champions.cli import DEMO_MODULES
from champions.extensions import db
from tests import factories
from tests.test_routes import FEATURES, ROLES

BUDGET = 10
# Pages allowed more than BUDGET, each with its reason. Keep this empty if you can.
EXCEPTIONS: dict[str, tuple[int, str]] = {
    # Issue 19 allows the insights page 20 (its figures each count in SQL); it runs 20 today.
    "insights.index": (20, "issue 19: at most 20 queries for the insights figures"),
}


def budget_for(endpoint: str) -> int:
    """The most queries `endpoint` may run."""
    return EXCEPTIONS.get(endpoint, (BUDGET, ""))[0]


@dataclass
class Site:
    """The seeded app, a user of each role and the pages to visit, by feature."""

    app: Flask
    user_ids: dict[str, str]
    pages: dict[str, list[tuple[str, str, tuple[str, ...]]]] = field(default_factory=dict)


def most(model, child_key, where=True):
    """The id of the `model` row with the most children (joined on `child_key`)."""
    return db.session.scalar(
        select(model.id).outerjoin(child_key.class_, child_key == model.id).where(where)
        .group_by(model.id).order_by(func.count().desc(), model.id).limit(1))


def _richest_meeting() -> int:
    from champions.meetings.models import AgendaItem, Meeting

    return most(Meeting, AgendaItem.meeting_id, Meeting.status == "published")


def _richest_module(status: str = "published") -> int:
    """The induction module in this state with the most check questions."""
    from champions.induction.models import CheckQuestion, Module

    return most(Module, CheckQuestion.module_id, Module.status == status)


def _rich_pages() -> list[tuple[str, str, str]]:
    """(feature, endpoint, url) for the demo object with the most children behind each detail page."""
    from champions.induction.models import Module
    from champions.practice.models import PracticeExample
    from champions.questions.models import Answer, Question
    from champions.resources.models import Resource
    from champions.selfeval.models import SelfEvaluation
    from champions.updates.models import Update
    from champions.workshops.models import Card, Item, Workshop

    question = most(Question, Answer.question_id)
    meeting = _richest_meeting()
    workshop = most(Workshop, Card.workshop_id)
    published = most(Workshop, Item.workshop_id, Workshop.status == "published")
    module, draft = db.session.get(Module, _richest_module()), db.session.get(Module, _richest_module("draft"))
    m, last, d = module.id, module.lessons[-1].id, draft.id
    pages = [
        ("induction", "induction.module", f"/induction/modules/{m}"),
        ("induction", "induction.lesson", f"/induction/modules/{m}/lessons/{last}"),
        ("induction", "induction.check", f"/induction/modules/{m}/check"),
        ("induction", "induction.log", "/induction/log"),
        ("induction", "induction.manage_module", f"/induction/manage/modules/{m}"),
        ("induction", "induction.edit_question",
         f"/induction/manage/modules/{m}/questions/{module.questions[-1].id}/edit"),
        # A published module is assigned again only once someone has finished without it: the draft's page.
        ("induction", "induction.manage_module", f"/induction/manage/modules/{d}"),
        ("induction", "induction.assign_module", f"/induction/manage/modules/{d}/assign"),
        ("induction", "induction.edit_module", f"/induction/manage/modules/{d}/edit"),
        ("questions", "questions.detail", f"/questions/{question}"),
        ("questions", "questions.question_history", f"/questions/{question}/history"),
        ("meetings", "meetings.detail", f"/meetings/{meeting}"),
        ("meetings", "meetings.print_view", f"/meetings/{meeting}/print"),
        ("workshops", "workshops.detail", f"/workshops/{workshop}"),
        ("workshops", "workshops.board", f"/workshops/{workshop}/board"),
        ("workshops", "workshops.you_said", f"/workshops/{workshop}/you-said-we-did"),
        ("workshops", "workshops.print_view", f"/workshops/{workshop}/print"),
        ("workshops", "workshops.detail", f"/workshops/{published}"),
        ("workshops", "workshops.you_said", f"/workshops/{published}/you-said-we-did"),
    ]
    for feature, model, endpoint, prefix, shown in (
            ("practice", PracticeExample, "practice.detail", "/practice", PracticeExample.status == "published"),
            ("resources", Resource, "resources.detail", "/resources", Resource.status == "published"),
            ("updates", Update, "updates.detail", "/updates", Update.hidden.is_(False)),
            ("selfeval", SelfEvaluation, "selfeval.detail", "/self-evaluation", SelfEvaluation.status == "published")):
        # The oldest: the demo's, made before the route tables' plainer ones.
        for item_id in db.session.scalars(select(model.id).where(shown).order_by(model.id).limit(3)):
            pages.append((feature, endpoint, f"{prefix}/{item_id}"))
    evaluation = db.session.scalar(select(func.min(SelfEvaluation.id)).where(SelfEvaluation.status == "published"))
    pages.append(("selfeval", "selfeval.printable", f"/self-evaluation/{evaluation}/print"))
    # The person who has written the most kinds of thing, then the most things: each kind is a list on the profile.
    written = union_all(*(select(model.author_id.label("who"), literal(model.__name__).label("kind"))
                          for model in (Question, Answer, PracticeExample, Resource))).subquery()
    person = db.session.scalar(select(written.c.who).group_by(written.c.who)
                               .order_by(func.count(written.c.kind.distinct()).desc(), func.count().desc()).limit(1))
    pages.append(("people", "people.detail", f"/people/{person}"))
    return pages


def _enrich(users: dict) -> None:
    """Give every signed-in user, and the demo's busiest question, several of everything a page lists."""
    from champions.notifications.models import Notification
    from champions.people.models import Bookmark, TagFollow
    from champions.questions.models import Answer, Follow, HelpfulVote, Question, Tag
    from tests import factories_resources as fr

    questions = db.session.scalars(select(Question).order_by(Question.id).limit(6)).all()
    tags = db.session.scalars(select(Tag).order_by(Tag.id).limit(4)).all()
    for role, person in users.items():
        for n, question in enumerate(questions):
            db.session.add(Notification(user_id=person.id, kind="new_answer", title=f"New answer to: {question.title}",
                                        url=f"/questions/{question.id}", visibility="staff"))
            if role != "partner":
                db.session.add(Follow(user_id=person.id, question_id=question.id))
                db.session.add(Bookmark(user_id=person.id, content_type="question", object_id=question.id))
        for tag in tags:
            db.session.add(TagFollow(user_id=person.id, tag_id=tag.id))
    busiest = db.session.scalar(select(Question).order_by(Question.answer_count.desc(), Question.id).limit(1))
    for answer in db.session.scalars(select(Answer).where(Answer.question_id == busiest.id)).all()[:3]:
        fr.attachment(answer, uploader=answer.author)
        for person in users.values():
            if person.id != answer.author_id and person.role != "partner":
                db.session.add(HelpfulVote(user_id=person.id, answer_id=answer.id))
    db.session.flush()
    _enrich_evaluation(users)
    _enrich_module(users)
    _enrich_meeting(users)
    _enrich_library(users)


def _enrich_evaluation(users: dict) -> None:
    """The oldest demo evaluation links evidence of every kind, actions of every origin among them, and
    has a standard corrected after publishing (its earlier version kept)."""
    from champions import revisions
    from champions.meetings.models import Action, Meeting
    from champions.practice.models import PracticeExample
    from champions.questions.models import Question
    from champions.selfeval import evidence
    from champions.selfeval.models import Evidence, SelfEvaluation
    from champions.timeutil import utcnow
    from champions.workshops.models import Item, Workshop
    from tests import factories_selfeval as fs

    evaluation = db.session.scalar(select(SelfEvaluation).where(SelfEvaluation.status == "published")
                                   .order_by(SelfEvaluation.id).limit(1))
    first = {model: select(model.id).order_by(model.id).limit(3)
             for model in (Question, PracticeExample, Meeting, Workshop, Item)}
    targets = {"question": first[Question], "practice_example": first[PracticeExample], "meeting": first[Meeting],
               "workshop": first[Workshop], "workshop_item": first[Item],
               # An action of each origin: a meeting's, a workshop's and an evaluation's.
               "action": select(func.min(Action.id)).group_by(Action.meeting_id.is_(None), Action.workshop_id)}
    assert set(targets) == set(evidence.KINDS), "give the rich evaluation evidence of every kind"
    for position, (kind, ids) in enumerate(targets.items()):
        standard = evaluation.standards[position % len(evaluation.standards)]
        for object_id in db.session.scalars(ids):
            fs.link(standard, kind, object_id, by=evaluation.lead)
    db.session.add(Evidence(standard=evaluation.standards[0], kind="text", text="Taken off", text_html="<p>Taken off</p>",
                            added_by_id=evaluation.lead.id, withdrawn_at=utcnow()))
    corrected = evaluation.standards[-1]
    revisions.record("selfeval_standard", corrected, corrected.agreed_by_id, visibility=evaluation.visibility,
                     title=corrected.name, body=corrected.agreed_reason, rating=corrected.agreed_rating,
                     correction="We had missed the audit results")
    corrected.corrected_at = utcnow()
    db.session.flush()


def _enrich_module(users: dict) -> None:
    """Each staff member part way through the richest induction module: lessons done, a failed attempt at its
    check, and a reflection (with an earlier version) on its last lesson; and a draft with its check written."""
    from champions.induction.models import CheckAttempt, LessonProgress, Module, Reflection
    from champions.timeutil import utcnow

    from tests import factories_induction as make

    draft = make.module("A draft with its check written", status="draft", position=9, lessons=4)
    for n in range(4):
        make.question(draft, f"Question {n + 1}?", options=(("Yes", True), ("No", False), ("Perhaps", False)))
    module = db.session.get(Module, _richest_module())
    for role, person in users.items():
        if role == "partner":
            continue
        for lesson in module.lessons[:-1]:
            db.session.add(LessonProgress(user_id=person.id, lesson_id=lesson.id, completed_at=utcnow()))
        db.session.add(CheckAttempt(user_id=person.id, module_id=module.id, module_version=module.version,
                                    answers_json="{}", passed=False))
        reflection = Reflection(user_id=person.id, lesson_id=module.lessons[-1].id, text="")
        db.session.add(reflection)
        reflection.keep_and_change("What I took from it.")
        db.session.flush()
        reflection.keep_and_change("What I took from it, and what I will do.")
    db.session.flush()


def _enrich_meeting(users: dict) -> None:
    """The richest demo meeting has each person signed in as attendee, apology or action owner, guests, a file,
    questions of every audience discussed, and a change after publishing."""
    from champions.meetings import service
    from champions.meetings.models import Action, Meeting, MeetingApology, MeetingAttendee, MeetingGuest
    from champions.questions.models import Question
    from tests import factories_resources as fr

    meeting = db.session.get(Meeting, _richest_meeting())
    present = {a.user_id for a in meeting.attendees}
    for role, person in users.items():
        if role in ("champion", "admin") and person.id not in present:
            db.session.add(MeetingAttendee(meeting_id=meeting.id, user_id=person.id))
        elif role == "practitioner":
            db.session.add(MeetingApology(meeting_id=meeting.id, user_id=person.id))
        if role != "partner":
            db.session.add(Action(meeting=meeting, what=f"Action for the {role}", owner_id=person.id))
    db.session.add(MeetingApology(meeting_id=meeting.id, name="A typed-in name"))
    for name in ("Finance lead", "Carers' centre manager"):
        db.session.add(MeetingGuest(meeting_id=meeting.id, name=name, organisation="Tayside"))
    questions = db.session.scalars(select(Question).order_by(Question.visibility, Question.id)).all()
    by_audience = {q.visibility: q for q in questions}
    for item in meeting.agenda[:2]:
        item.questions.extend(q for q in by_audience.values() if q not in item.questions)
    for issue in meeting.open_issues[:1]:
        issue.questions.extend(q for q in by_audience.values() if q not in issue.questions)
    fr.attachment(meeting, uploader=meeting.created_by)
    service.changed(meeting, meeting.created_by, "Added the guests")
    db.session.flush()


def _enrich_library(users: dict) -> None:
    """The oldest published practice example, resource and update (the ones `_rich_pages` opens): files of
    several kinds by several people (a resource's with an earlier version), tags of every kind, and for the
    example a contact besides its author, linked questions and its review by several people."""
    from champions.attachments import samples
    from champions.practice.models import PracticeExample, PracticeTransition
    from champions.questions.models import Question, Tag
    from champions.resources.models import Resource
    from champions.updates.models import Update
    from tests import factories_resources as fr

    people = list(users.values())
    tags = [db.session.scalar(select(Tag).where(Tag.kind == kind).order_by(Tag.id).offset(n).limit(1))
            for kind in db.session.scalars(select(Tag.kind).distinct()) for n in range(2)]
    for model, shown in ((PracticeExample, PracticeExample.status == "published"),
                         (Resource, Resource.status == "published"), (Update, Update.hidden.is_(False))):
        item = db.session.scalar(select(model).where(shown).order_by(model.id).limit(1))
        fr.attachment(item, uploader=people[0])
        fr.attachment(item, samples.image(), name="chart.png", uploader=people[-1], alt_text="A bar chart")
        if hasattr(item, "tags"):
            item.tags.extend(t for t in tags if t is not None and t not in item.tags)
    resource = db.session.scalar(select(Resource).where(Resource.status == "published").order_by(Resource.id).limit(1))
    earlier = fr.attachment(resource, name="old-guide.pdf", uploader=people[1])
    earlier.replaced_by_id = fr.attachment(resource, name="new-guide.pdf", uploader=people[2]).id
    example = db.session.scalar(select(PracticeExample).where(PracticeExample.status == "published")
                                .order_by(PracticeExample.id).limit(1))
    example.contact_id = next(p.id for p in people if p.id != example.author_id and p.role != "partner")
    for n, person in enumerate(p for p in people if p.role in ("champion", "admin")):
        db.session.add(PracticeTransition(example_id=example.id, actor_id=person.id, from_status="submitted",
                                          to_status="returned" if n == 0 else "published", comment="Checked"))
    questions = db.session.scalars(select(Question).order_by(Question.visibility, Question.id)).all()
    example.questions.extend(q for q in {q.visibility: q for q in questions}.values() if q not in example.questions)
    db.session.flush()


def _seed(app: Flask) -> Site:
    """The demo content, a user of each role, the route tables' objects, and the pages to visit."""
    users = {role: factories.user(role=role) for role in ROLES if role != "anonymous"}
    db.session.commit()
    site = Site(app, {role: person.get_id() for role, person in users.items()})
    db.session.commit()
    # The route tables' users first, as in tests/test_routes.py: some tables take the first practitioner.
    for name in DEMO_MODULES:
        importlib.import_module(name).seed()
        db.session.commit()
    for feature in FEATURES:
        module = importlib.import_module(f"tests.routes.{feature}")
        pages = site.pages.setdefault(feature, [])
        for endpoint, method, url, expected in module.cases(app):
            if method != "GET":
                continue
            roles = tuple(role for role in ROLES if 200 in (expected[role] if isinstance(expected[role], tuple)
                                                            else (expected[role],)))
            if roles:
                pages.append((endpoint, url, roles))
        db.session.commit()
    _enrich(users)
    db.session.commit()
    for feature, endpoint, url in _rich_pages():
        site.pages[feature].append((endpoint, url, ()))  # () : every role that may open it
    # Index everything now: tests index at once (SEARCH_SYNC), and the first search would otherwise do it.
    from champions.search import jobs

    jobs.process_pending(app)
    app.extensions.pop("search_pending", None)
    return site


@pytest.fixture(scope="module")
def site(_shared_app, tmp_path_factory) -> Iterator[Site]:
    """The seeded app, made once per module and process."""
    with _shared_app.fresh(tmp_path_factory.mktemp("budget")) as app:
        yield _seed(app)


def _client(site: Site, role: str):
    client = site.app.test_client()
    if role != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = site.user_ids[role]
            session["_fresh"] = True
    contextvars.Context().run(client.get, "/accessibility")  # a person browsing has a session already
    return client


def visit(site: Site, role: str, url: str, client=None):
    """GET `url` as `role`: (response, SQL statements run)."""
    client = client or _client(site, role)
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        # A session's "last seen" is written at most once a minute (champions.auth.sessions), on whichever
        # page comes then: not a cost of any one page, and it would make slow runs fail by chance.
        if not statement.startswith("UPDATE user_session SET last_seen_at"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        # In a context of its own, as a served request is: its own app context, `g` and database session,
        # so nothing loaded by an earlier request saves (or costs) a query.
        response = contextvars.Context().run(client.get, url)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return response, statements


def measure(site: Site, feature: str) -> Iterator[tuple[str, str, str, int, int, list[str]]]:
    """(endpoint, url, role, status, query count, statements) for each page of `feature` that answers HTML."""
    clients = {role: _client(site, role) for role in ROLES}
    for endpoint, url, roles in site.pages[feature]:
        opened = False
        for role in roles or ROLES:
            response, statements = visit(site, role, url, clients[role])
            if roles and response.status_code != 200:
                raise AssertionError(f"{url} as {role}: {response.status_code}, the route table says 200")
            if response.status_code != 200:
                continue
            opened = True
            if response.mimetype != "text/html":
                continue  # a download, not a page
            yield endpoint, url, role, response.status_code, len(statements), statements
        assert opened, f"{url}: no role could open it"


@pytest.mark.parametrize("feature", FEATURES)
def test_every_page_runs_at_most_ten_queries(site, feature):
    """Each page of this feature, as each role that may open it, runs at most BUDGET SQL statements."""
    failures = []
    for endpoint, url, role, _status, count, statements in measure(site, feature):
        if count > budget_for(endpoint):
            listed = "\n".join(f"    {n}. {' '.join(s.split())[:300]}" for n, s in enumerate(statements, 1))
            failures.append(f"{url} ({endpoint}) as {role}: {count} queries, budget {budget_for(endpoint)}\n{listed}")
    assert not failures, f"{len(failures)} pages over budget:\n" + "\n".join(failures)


def test_the_count_includes_what_runs_before_the_view(site):
    """The budget counts every statement a request runs, including loading the signed-in person."""
    _response, statements = visit(site, "practitioner", "/")
    assert statements, "the home page ran no SQL: the counter is not listening"
    assert any("user" in s.lower() for s in statements)
