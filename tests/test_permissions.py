"""The rulebook on its own: champions.permissions.can(user, action, obj), tested without a client."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from champions import permissions
from champions.permissions import can


def person(role: str, user_id: int = 1, active: bool = True):
    return SimpleNamespace(id=user_id, role=role, active=active, is_authenticated=True, organisation_id=7)


ANONYMOUS = SimpleNamespace(is_authenticated=False, active=False, role=None, id=None)
ROLES = ("practitioner", "partner", "champion", "admin")


def question(visibility="staff", author_id=99, hidden=False, withdrawn=False, locked=False, answers=(), held=False):
    return SimpleNamespace(visibility=visibility, author_id=author_id, hidden=hidden, withdrawn=withdrawn,
                           locked=locked, closed_reason="", answers=list(answers), held=held,
                           accepted_answer_id=None)


@pytest.mark.parametrize("level, readers", [
    ("champions", {"champion", "admin"}),
    ("staff", {"practitioner", "champion", "admin"}),
    ("partners", {"practitioner", "partner", "champion", "admin"}),
])
def test_visibility_levels(level, readers):
    assert {role for role in ROLES if permissions.can_see_level(person(role), level)} == readers
    assert not permissions.can_see_level(ANONYMOUS, level)
    assert not permissions.can_see_level(person("champion", active=False), level)


def test_hidden_question_is_for_champions_only_and_withdrawn_for_its_author_too():
    hidden = question(hidden=True)
    assert [r for r in ROLES if can(person(r), "question.view", hidden)] == ["champion", "admin"]
    withdrawn = question(withdrawn=True, author_id=1)
    assert can(person("practitioner", user_id=1), "question.view", withdrawn)
    assert not can(person("practitioner", user_id=2), "question.view", withdrawn)


def test_partners_only_see_and_answer_questions_shared_with_partners():
    assert not can(person("partner"), "question.view", question("staff"))
    assert can(person("partner"), "question.answer", question("partners"))
    assert not can(person("partner"), "question.answer", question("partners", locked=True))


def test_only_the_asker_withdraws_and_only_while_unanswered():
    mine = question(author_id=1)
    assert can(person("practitioner", user_id=1), "question.withdraw", mine)
    assert not can(person("champion", user_id=2), "question.withdraw", mine)
    answered = question(author_id=1, answers=[object()])
    assert not can(person("practitioner", user_id=1), "question.withdraw", answered)


def test_the_asker_accepts_a_champion_only_on_their_behalf_and_voting_never_on_your_own_answer():
    q = question(author_id=1)
    q.accepted_answer_id = None
    answer = SimpleNamespace(id=7, question=q, author_id=2, hidden=False, held=False, withdrawn=False)
    assert can(person("practitioner", user_id=1), "answer.accept", answer)
    assert not can(person("practitioner", user_id=3), "answer.accept", answer)
    # A champion may accept on the asker's behalf while no answer is accepted, never their own answer.
    assert can(person("champion", user_id=4), "answer.accept", answer)
    assert can(person("admin", user_id=5), "answer.accept", answer)
    assert not can(person("champion", user_id=2), "answer.accept", answer)
    q.accepted_answer_id = 7  # once accepted, only the asker changes it
    assert not can(person("champion", user_id=4), "answer.accept", answer)
    assert can(person("practitioner", user_id=1), "answer.accept", answer)
    assert not can(person("practitioner", user_id=2), "answer.vote", answer)
    assert can(person("practitioner", user_id=3), "answer.vote", answer)


def test_a_champion_endorses_other_peoples_answers_never_their_own():
    theirs = SimpleNamespace(question=question(), author_id=2, hidden=False, held=False, withdrawn=False)
    mine = SimpleNamespace(question=question(), author_id=4, hidden=False, held=False, withdrawn=False)
    assert can(person("champion", user_id=4), "answer.endorse", theirs)
    assert not can(person("champion", user_id=4), "answer.endorse", mine)
    assert not can(person("admin", user_id=4), "answer.endorse", mine)


def test_only_its_author_withdraws_an_answer_and_others_then_cannot_read_it():
    answer = SimpleNamespace(question=question(author_id=1), author_id=2, hidden=False, held=False, withdrawn=False)
    assert [r for r in ROLES if can(person(r, user_id=2), "answer.withdraw", answer)] == [
        "practitioner", "champion", "admin"]  # (partners cannot see a staff question)
    assert not can(person("champion", user_id=3), "answer.withdraw", answer)
    answer.withdrawn = True
    assert can(person("practitioner", user_id=2), "answer.unwithdraw", answer)
    assert can(person("practitioner", user_id=2), "answer.read", answer)
    assert can(person("champion", user_id=3), "answer.read", answer)
    assert not can(person("practitioner", user_id=1), "answer.read", answer)
    assert can(person("practitioner", user_id=1), "answer.view", answer)  # shown as withdrawn
    assert not can(person("practitioner", user_id=1), "answer.accept", answer)


def test_admins_are_champions_too_but_cannot_demote_themselves():
    admin = person("admin", user_id=1)
    assert can(admin, "moderation.view") and can(admin, "meeting.create") and can(admin, "induction.author")
    assert not can(admin, "admin.change_role", SimpleNamespace(id=1, active=True))
    assert can(admin, "admin.change_role", SimpleNamespace(id=2, active=True))
    assert not can(person("champion"), "admin.access")


def test_a_learning_log_is_its_owners_alone():
    assert can(person("practitioner", user_id=5), "induction.own_record", 5)
    assert not can(person("admin", user_id=1), "induction.own_record", 5)
    assert not can(person("champion", user_id=2), "induction.own_record", 5)


def test_meeting_drafts_are_for_champions_and_published_meetings_follow_their_visibility():
    draft = SimpleNamespace(status="draft", visibility="partners")
    assert [r for r in ROLES if can(person(r), "meeting.view", draft)] == ["champion", "admin"]
    shared = SimpleNamespace(status="published", visibility="partners")
    assert all(can(person(r), "meeting.view", shared) for r in ROLES)


def example(status, author_id=99, visibility="staff"):
    return SimpleNamespace(status=status, author_id=author_id, visibility=visibility)


def test_a_practice_draft_is_its_authors_alone_until_submitted():
    """A draft is not yet confirmed anonymised: champions and admins meet it only once it is submitted."""
    draft = example("draft", author_id=1)
    assert can(person("practitioner", user_id=1), "practice.read", draft)
    assert can(person("champion", user_id=1), "practice.read", draft)  # a champion's own draft
    assert [r for r in ROLES if can(person(r, user_id=2), "practice.read", draft)] == []
    for action in ("practice.edit", "practice.history", "practice.link_questions", "practice.publish",
                   "practice.return", "practice.archive"):
        assert not can(person("champion", user_id=2), action, draft), action
        assert not can(person("admin", user_id=2), action, draft), action
    for status in ("submitted", "returned"):
        assert [r for r in ROLES if can(person(r, user_id=2), "practice.read", example(status, author_id=1))] \
            == ["champion", "admin"]
        assert can(person("practitioner", user_id=1), "practice.read", example(status, author_id=1))
    assert can(person("champion", user_id=2), "practice.publish", example("submitted", author_id=1))
    assert can(person("champion", user_id=2), "practice.review")


def test_unknown_action_is_refused_loudly():
    with pytest.raises(KeyError, match="no permission rule"):
        can(person("admin"), "question.delete")


def test_signed_out_people_can_do_nothing():
    assert not any(can(ANONYMOUS, action, None) for action in
                   ("search.use", "notifications.view", "profile.view", "practice.view", "updates.view"))


def test_get_or_404_hides_what_a_person_may_not_read_and_refuses_what_they_may_not_do(app, login_as):
    """The shared load-then-authorise helper: 404 for unreadable or missing, 403 for a forbidden action."""
    from flask import g
    from werkzeug.exceptions import Forbidden, NotFound

    from champions.extensions import db
    from tests import factories
    from tests import factories_practice as make

    draft = make.example(status="draft")
    published = make.example(status="published")
    db.session.commit()
    with app.test_request_context():
        g._login_user = factories.user("practitioner")
        with pytest.raises(NotFound):
            permissions.get_or_404(type(draft), draft.id, "practice.read")
        with pytest.raises(NotFound):
            permissions.get_or_404(type(draft), 10**6, "practice.read")
        assert permissions.get_or_404(type(published), published.id, "practice.read") is published
        with pytest.raises(Forbidden):
            permissions.get_or_404(type(published), published.id, "practice.read", "practice.publish")


def test_a_partner_who_moved_organisation_no_longer_edits_the_old_organisations_updates():
    partner = person("partner", user_id=5)  # organisation 7 now
    mine_here = SimpleNamespace(author_id=5, organisation_id=7, hidden=False)
    mine_before_the_move = SimpleNamespace(author_id=5, organisation_id=3, hidden=False)
    assert can(partner, "updates.edit", mine_here)
    assert not can(partner, "updates.edit", mine_before_the_move)
    assert can(person("champion"), "updates.edit", mine_before_the_move)


def test_partners_see_only_partner_organisations_and_their_own():
    council = SimpleNamespace(id=3, kind="council", active=True)
    own_council = SimpleNamespace(id=7, kind="council", active=True)
    partner_org = SimpleNamespace(id=9, kind="partner", active=True)
    assert can(person("partner"), "organisations.view", partner_org)
    assert can(person("partner"), "organisations.view", own_council)
    assert not can(person("partner"), "organisations.view", council)
    assert can(person("practitioner"), "organisations.view", council)
    assert not can(person("practitioner"), "organisations.view", SimpleNamespace(id=4, kind="partner", active=False))


def test_a_duplicate_must_point_at_a_question_everyone_who_reads_the_closed_one_may_read():
    def q(qid, visibility, **kw):
        return SimpleNamespace(id=qid, visibility=visibility, hidden=kw.get("hidden", False),
                               withdrawn=kw.get("withdrawn", False), held=kw.get("held", False))
    shared, staff = q(1, "partners"), q(2, "staff")
    assert permissions.duplicate_target_problem(shared, staff) == "narrower"
    assert permissions.duplicate_target_problem(staff, q(3, "partners")) is None
    assert permissions.duplicate_target_problem(staff, q(4, "staff", hidden=True)) == "hidden"
    # Held for a champion to check personal data: its title must not be shown to everyone.
    assert permissions.duplicate_target_problem(staff, q(5, "staff", held=True)) == "hidden"
    assert permissions.duplicate_target_problem(staff, staff) == "not found"


# --- audiences: one declaration per content type -----------------------------------------
def _readers(audience, obj, users, **kw):
    return [name for name, user in users.items() if audience.allows(user, obj, **kw)]


def test_an_audience_label_admits_exactly_the_people_its_object_check_admits():
    """The label search documents and notifications carry is derived from the same declaration as can()."""
    users = {role: person(role, user_id=n) for n, role in enumerate(ROLES, start=10)}
    users |= {"the author": person("practitioner", user_id=1), "anonymous": ANONYMOUS}
    author = SimpleNamespace(role="practitioner", active=True, is_authenticated=True, id=1)
    cases = []
    for visibility in ("champions", "staff", "partners"):
        for hidden, withdrawn, held in ((0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (0, 1, 1)):
            q = question(visibility, author_id=1, hidden=bool(hidden), withdrawn=bool(withdrawn), held=bool(held))
            q.author = author
            cases.append((permissions.QUESTION, q))
        for status in ("draft", "submitted", "returned", "published", "archived"):
            cases.append((permissions.PRACTICE_EXAMPLE, SimpleNamespace(
                status=status, visibility=visibility, author_id=1, author=author)))
        for status in ("draft", "published"):
            cases.append((permissions.MEETING, SimpleNamespace(status=status, visibility=visibility)))
        cases.append((permissions.UPDATE, SimpleNamespace(hidden=True, visibility=visibility, author_id=1)))
    for audience, obj in cases:
        label = audience.access_label(obj)
        assert [n for n, u in users.items() if label.admits(u)] == _readers(audience, obj, users), (audience, obj)


def test_declared_states_narrow_who_reads():
    hidden_answer = SimpleNamespace(question=question("partners"), author_id=1, hidden=True, held=False, withdrawn=False)
    # Hidden by a champion: champions read it, and so does its author (to see why and fix it).
    assert permissions.ANSWER.access_label(hidden_answer) == permissions.AccessLabel("champions", 1)
    assert not permissions.ANSWER.is_open(hidden_answer) and permissions.ANSWER.is_listed(hidden_answer)
    withdrawn = question(withdrawn=True, author_id=1)
    assert not permissions.QUESTION.is_listed(withdrawn)  # its author lists it ("mine"); search leaves it out
    assert permissions.QUESTION.search_label(withdrawn) is None
    draft = example("draft", author_id=1)
    assert permissions.PRACTICE_EXAMPLE.access_label(draft) == permissions.AccessLabel(permissions.OWNER_ONLY, 1)
    assert permissions.PRACTICE_EXAMPLE.access_label(example("returned", author_id=1)) == \
        permissions.AccessLabel("champions", 1)
    assert permissions.MEETING.access_label(SimpleNamespace(status="draft", visibility="partners")).level == "champions"


def test_recipients_are_members_and_champions_include_admins(app):
    from champions.extensions import db
    from tests import factories

    people = {role: factories.user(role) for role in ROLES}
    factories.user("champion", email_confirmed_at=None)  # not a member until confirmed: never told
    factories.user("admin", active=False)
    told = set(db.session.scalars(permissions.recipients("champions")))
    assert told == {people["champion"], people["admin"]}
    staff = set(db.session.scalars(permissions.recipients(permissions.AccessLabel("staff"))))
    assert staff == {people["practitioner"], people["champion"], people["admin"]}
    own = set(db.session.scalars(permissions.recipients(permissions.AccessLabel("author", people["partner"].id))))
    assert own == {people["partner"]}


def test_admins_are_told_of_new_questions_as_of_submitted_practice_examples(app):
    """One rule: "champions" includes admins, everywhere (admins were not told of new questions)."""
    from champions.extensions import db
    from champions.notifications.models import Notification
    from champions.questions import service
    from tests import factories

    from sqlalchemy import select

    admin, champion = factories.user("admin"), factories.user("champion")
    service.create_question(factories.user("practitioner"), "Who pays for respite?", "Details.", "staff", [])
    db.session.commit()
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "new_question")))
    assert told == {admin.id, champion.id}


# --- audiences with members -----------------------------------------------------------------
def _members_audience():
    return permissions.Audience(
        "champions.meetings.models:Meeting", members=permissions.Members("attendees", "members_test", key="user_id"),
        states=(permissions.State("draft", permissions.StatusIs(("published",), negate=True),
                                  frozenset({"members", "champions"}), within_level=False),
                permissions.State("hidden", permissions.Flag("hidden"), frozenset({"champions"})),))


def _meeting(status="published", visibility="staff", members=(), hidden=False):
    return SimpleNamespace(id=12, status=status, visibility=visibility, hidden=hidden,
                           attendees=[SimpleNamespace(user_id=m) for m in members])


def test_members_read_at_any_level_and_while_a_state_lets_members_read():
    audience = _members_audience()
    member, other = person("partner", user_id=5), person("practitioner", user_id=6)
    champion = person("champion", user_id=7)
    assert audience.allows(member, _meeting("draft", "champions", members=[5]))
    assert not audience.allows(other, _meeting("draft", "partners", members=[5]))
    assert audience.allows(champion, _meeting("draft", "members"))
    assert audience.allows(other, _meeting("published", "staff", members=[5]))
    assert not audience.allows(other, _meeting("published", "members", members=[5]))
    # A state whose readers leave members out narrows them too.
    assert not audience.allows(member, _meeting("published", "partners", members=[5], hidden=True))
    assert permissions.can_see_level(champion, permissions.MEMBERS_LEVEL)
    assert not permissions.can_see_level(other, permissions.MEMBERS_LEVEL)


def test_a_members_label_carries_the_group_while_members_read():
    audience = _members_audience()
    assert audience.access_label(_meeting("published", "members")) == permissions.AccessLabel(
        "members", None, "members_test:12")
    assert audience.access_label(_meeting("draft", "partners")) == permissions.AccessLabel(
        "champions", None, "members_test:12")
    assert audience.access_label(_meeting("published", "staff", hidden=True)) == permissions.AccessLabel("champions")


def test_user_groups_come_from_every_audience_with_members_and_are_cached_per_request(app, monkeypatch):
    from champions.extensions import db
    from tests import factories
    from tests import factories_meetings as make

    monkeypatch.setattr(permissions, "MEMBERS_TEST", _members_audience(), raising=False)
    member, other = factories.user("practitioner"), factories.user("partner")
    meeting = make.meeting(attendees=[member], visibility="members")
    db.session.commit()
    assert permissions.user_groups(member) == {f"members_test:{meeting.id}"}
    assert permissions.user_groups(other) == frozenset()
    assert permissions.can_see_label(member, "members", None, f"members_test:{meeting.id}")
    assert not permissions.can_see_label(other, "members", None, f"members_test:{meeting.id}")
    told = set(db.session.scalars(permissions.recipients(permissions.AccessLabel("members", None,
                                                                                  f"members_test:{meeting.id}"))))
    assert member in told and other not in told
    with app.test_request_context("/"):
        assert permissions.user_groups(other) == frozenset()
        make.meeting(attendees=[other])
        db.session.commit()
        assert permissions.user_groups(other) == frozenset()  # cached for this request
        permissions.forget_user_groups()
        assert len(permissions.user_groups(other)) == 1
    with app.test_request_context("/"):
        assert len(permissions.user_groups(other)) == 1
