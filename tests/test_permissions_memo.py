"""Templates remember audiences' answers during one render (permissions.remembering): the answers must be
the ones the rulebook gives without remembering, for every person and every object asked about in turn."""
from __future__ import annotations

from champions import permissions
from champions.extensions import db
from champions.timeutil import utcnow
from tests import factories
from tests import factories_questions as fq

ACTIONS = [action for action in permissions.RULES if action.startswith(("answer.", "question."))
           and action != "question.ask"]


def test_remembered_answers_match_the_rulebook_for_each_person_and_post(app):
    author = factories.user("practitioner")
    partner_question = fq.question(author, visibility="partners")
    staff_question = fq.question(author, visibility="staff")
    answers = [fq.answer(partner_question, author), fq.answer(partner_question, factories.user("partner")),
               fq.answer(partner_question, author, hidden=True, hidden_reason="Off topic"),
               fq.answer(partner_question, author, held=True), fq.answer(staff_question, author),
               fq.answer(staff_question, author, withdrawn_at=utcnow())]
    db.session.commit()
    people = [author, factories.user("partner"), factories.user("practitioner"), factories.user("champion")]
    posts = [partner_question, staff_question, *answers]
    expected = {(p.id, a, type(o).__name__, o.id): permissions.can(p, a, o)
                for p in people for o in posts for a in ACTIONS if a.split(".")[0] == type(o).__name__.lower()}
    assert any(expected.values()) and not all(expected.values())
    memo: dict = {}
    with permissions.remembering(memo):  # one render asks about everything, in turn, with the same memo
        remembered = {(p.id, a, type(o).__name__, o.id): permissions.can(p, a, o)
                      for p in people for o in posts for a in ACTIONS if a.split(".")[0] == type(o).__name__.lower()}
    assert memo, "nothing was remembered: the memo is not in use"
    assert remembered == expected
    assert permissions._MEMO.get() is None  # remembering ends with the block


def test_a_pages_decisions_are_the_rulebooks_answers(app):
    """permissions.decisions (the question page's buttons, decided in the view) gives what can() gives."""
    author = factories.user("practitioner")
    question = fq.question(author)
    answers = [fq.answer(question, author), fq.answer(question), fq.answer(question, hidden=True, hidden_reason="No"),
               fq.answer(question, author, withdrawn_at=utcnow())]
    db.session.commit()
    actions = [a for a in ACTIONS if a.startswith("answer.")]
    for person in (author, factories.user("practitioner"), factories.user("champion")):
        decided = permissions.decisions(person, actions, answers)
        assert decided == {a.id: {action: permissions.can(person, action, a) for action in actions} for a in answers}
    assert permissions._MEMO.get() is None


def test_kept_conditions_are_one_per_person_and_the_oldest_go_first_when_full(app, monkeypatch):
    from types import SimpleNamespace

    from champions import permissions

    monkeypatch.setattr(permissions, "_CLAUSES", {})
    monkeypatch.setattr(permissions, "_CLAUSES_MAX", 8)
    people = [SimpleNamespace(id=n, role="practitioner", is_authenticated=True, active=True) for n in range(9)]
    built = []
    for person in people:
        permissions.per_person(("test",), person, lambda p=person: built.append(p.id) or f"condition {p.id}")
    assert permissions.per_person(("test",), people[8], lambda: "built again") == "condition 8"
    assert permissions.per_person(("test",), people[0], lambda: "built again") == "built again"  # the oldest went
    assert permissions.per_person(("test",), people[5], lambda: "built again") == "condition 5"  # the rest stayed
    assert built == list(range(9))
