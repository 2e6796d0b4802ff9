"""permissions.decisions decides once per signature for the kinds in permissions.SIGNED (a page's 50 answers
share a handful of decisions). That is right only if each signature covers everything the rules it stands for
read: these tests prove it for every action listed, for every kind of person and every state of a question
and an answer. A new rule reading another field makes the first test fail; a signature that drops a field a
rule's answer depends on makes the second fail."""
from __future__ import annotations

import itertools
from datetime import timedelta

from champions import permissions
from champions.questions.models import Answer, Question
from champions.timeutil import utcnow
from tests import factories

SIGNATURE, ACTIONS = permissions.SIGNED["Answer"]
# What the answer signature stands for: the fields it holds (withdrawn is withdrawn_at's property; owner_id is
# what is_owner reads when there is no author_id; both are in the signature through "is it theirs").
ANSWER_FIELDS = {"question", "hidden", "held", "withdrawn", "withdrawn_at", "author_id", "owner_id"}


def _people():
    people = [factories.user(role) for role in ("practitioner", "partner", "champion", "admin")]
    people.append(factories.user("practitioner", active=False))
    people.append(None)  # signed out
    return people


def _questions(asker_id: int, answer_id: int, *, every: bool = True):
    """A question in every state the rules tell apart (transient: nothing is saved). every=False: one of each
    visibility a reader may or may not read, each narrowing state alone, open, locked or closed."""
    states = (itertools.product((False, True), repeat=3) if every
              else ((False, False, False), (True, False, False), (False, True, False), (False, False, True)))
    for visibility, (hidden, withdrawn, held), (locked, closed), accepted in itertools.product(
            ("staff", "partners", "champions") if every else ("partners", "champions"), list(states),
            ((False, ""), (True, ""), (False, "duplicate")),
            (None, answer_id, answer_id + 1) if every else (None, answer_id + 1)):
        yield Question(id=1, title="A question", visibility=visibility, hidden=hidden, withdrawn=withdrawn,
                       held=held, locked=locked, closed_reason=closed, accepted_answer_id=accepted,
                       author_id=asker_id)


def _answer(question, author_id, hidden, held, withdrawn, **others) -> Answer:
    answer = Answer(author_id=author_id, hidden=hidden, held=held,
                    withdrawn_at=utcnow() - timedelta(days=1) if withdrawn else None, **others)
    answer.question = question
    return answer


class _Reads:
    """Stands in for an object and notes every attribute read from it."""

    def __init__(self, obj, seen: set):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_seen", seen)

    def __getattr__(self, name):
        self._seen.add(name)
        return getattr(self._obj, name)


_ReadAnswer = type("Answer", (_Reads,), {})  # the rules ask a parent's type name (attachment.add)


def test_the_answer_rules_read_nothing_of_an_answer_beyond_its_signature(app):
    people = _people()
    ids = [p.id for p in people if p is not None]
    seen: set = set()
    for asker_id in (ids[0], ids[2]):
        for question in _questions(asker_id, answer_id=7):
            for author_id, hidden, held, withdrawn in itertools.product(
                    (ids[0], ids[2]), (False, True), (False, True), (False, True)):
                answer = _ReadAnswer(_answer(question, author_id, hidden, held, withdrawn, id=7), seen)
                with permissions.remembering({}):  # as decisions() asks (a remembered answer was read once)
                    for person in people:
                        for action in ACTIONS:
                            permissions.can(person, action, answer)
    assert "question" in seen and "author_id" in seen, "the recording saw nothing: the test is broken"
    assert seen <= ANSWER_FIELDS, f"rules read {sorted(seen - ANSWER_FIELDS)}, which the signature leaves out"


def test_answers_alike_in_their_signature_get_the_same_decisions_and_the_rulebooks(app):
    """Given that (above), what remains is how the signature holds the fields: whose answer it is (not who
    wrote it) and whether it is withdrawn (not when). A page mixing answers alike in those ways, by different
    authors, gets from decisions() exactly what the rulebook gives answer by answer."""
    asker, someone, champion = factories.user("practitioner"), factories.user("practitioner"), \
        factories.user("champion")
    actions = sorted(ACTIONS)
    for person in _people():
        me = person.id if person is not None else someone.id
        for question in (q for asker_id in (me, asker.id) for q in _questions(asker_id, 7, every=False)):
            answers = []
            for mine, hidden, held, withdrawn in itertools.product((False, True), repeat=4):
                if mine and person is None:
                    continue
                # Two answers alike in all the signature holds and different in everything else.
                pair = [_answer(question, me if mine else someone.id, hidden, held, withdrawn,
                                endorsed_by_id=None, helpful_count=0, edited=False, body_html="<p>One</p>"),
                        _answer(question, me if mine else champion.id, hidden, held, withdrawn,
                                endorsed_by_id=champion.id, helpful_count=3, edited=True, body_html="<p>Two</p>")]
                if withdrawn:
                    pair[1].withdrawn_at = utcnow() - timedelta(days=400)
                assert SIGNATURE(person, pair[0]) == SIGNATURE(person, pair[1])
                answers.extend(pair)
            for n, answer in enumerate(answers):
                answer.id = 7 if n == 0 else 100 + n  # the first is the accepted one, when one is
            decided = permissions.decisions(person, actions, answers)
            assert decided == {a.id: {action: permissions.can(person, action, a) for action in actions}
                               for a in answers}, (person and person.role, question.__dict__)


def test_a_signature_tells_apart_what_changes_a_decision(app):
    """The opposite check: each field the signature holds changes some decision for someone (else it would be
    dead weight, and a test above that could not fail)."""
    champion, author = factories.user("champion"), factories.user("practitioner")
    question = next(_questions(author.id, answer_id=7))
    base = dict(author_id=champion.id, hidden=False, held=False, withdrawn=False)
    for field, value in (("hidden", True), ("held", True), ("withdrawn", True), ("author_id", author.id)):
        before, after = _answer(question, **base), _answer(question, **{**base, field: value})
        assert SIGNATURE(author, before) != SIGNATURE(author, after)
        assert ({a: permissions.can(author, a, before) for a in ACTIONS}
                != {a: permissions.can(author, a, after) for a in ACTIONS}), field


def test_decisions_fall_back_to_each_object_for_an_action_the_signature_does_not_cover(app, monkeypatch):
    author = factories.user("practitioner")
    question = next(_questions(author.id, answer_id=7))
    answers = [_answer(question, author.id, False, False, False, id=1),
               _answer(question, author.id, False, False, False, id=2)]
    asked = []
    monkeypatch.setitem(permissions.RULES, "answer.special", lambda u, a: asked.append(a.id) or a.id == 2)
    assert permissions.decisions(author, ["answer.view", "answer.special"], answers) == {
        1: {"answer.view": True, "answer.special": False}, 2: {"answer.view": True, "answer.special": True}}
    assert asked == [1, 2]
