"""Notifications for everything that concerns you: who did what, email per kind, excerpts, one-click unsubscribe."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.meetings.reminders import send_due_reminders
from champions.notifications import preferences
from champions.notifications.digest import send_digests
from champions.notifications.models import Notification, NotificationSetting
from champions.notifications.service import notify
from champions.outbox.models import OutboxMessage
from champions.outbox.sender import build_message
from champions.questions import service as questions
from tests import factories
from tests import factories_meetings as fm
from tests import factories_questions as fq

TITLE = "Can a direct payment pay for a gym membership?"


def _outbox(to=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to is not None:
        query = query.where(OutboxMessage.to_address == to.email)
    return list(db.session.scalars(query))


def _titles(person) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.user_id == person.id)
                                   .order_by(Notification.id)))


# --- who did what, and email by kind ---------------------------------------------------------

def test_each_notification_says_who_did_what_and_the_list_never_says_new_twice(client, login_as):
    asker = factories.user("practitioner", display_name="Morag Bell")
    question = fq.question(author=asker, title=TITLE)
    questions.follow(question, asker)
    champion = factories.user("champion", display_name="Ailsa Grant")
    answer = questions.add_answer(question, champion, "Yes, when it meets an agreed outcome.")
    db.session.commit()
    helper = login_as("champion", display_name="Iain Ross")
    client.post(f"/questions/answers/{answer.id}/endorse")

    assert _titles(asker) == [f"Ailsa Grant answered: {TITLE}"]
    assert _titles(champion) == [f"Iain Ross endorsed your answer to: {TITLE}"]
    login_as(asker)
    page = client.get("/notifications/").text
    assert f"Ailsa Grant answered: {TITLE}" in page and "New answer" not in page
    assert helper.id not in {n.user_id for n in db.session.scalars(select(Notification))}


def test_new_questions_reach_champions_in_the_daily_digest_by_default_and_at_once_if_they_choose(app):
    champion = factories.user("champion", email_frequency="immediate")
    eager = factories.user("champion", email_frequency="immediate")
    preferences.choose(eager, "new_question", "immediate")
    asker = factories.user("practitioner", display_name="Morag Bell")
    questions.create_question(asker, TITLE, "We were asked this week.", "staff", [])
    db.session.commit()

    assert _outbox(champion) == []
    [message] = _outbox(eager)
    assert message.subject == f"Morag Bell asked: {TITLE}"
    assert send_digests() == 1
    [digest] = _outbox(champion)
    assert f"Morag Bell asked: {TITLE}" in digest.body


def test_a_kind_set_to_no_email_is_neither_emailed_nor_in_the_digest_but_still_in_the_hub(app):
    person = factories.user("practitioner", email_frequency="daily")
    preferences.choose(person, "new_answer", "none")
    notify([person], kind="new_answer", title="Ailsa Grant answered: Respite", url="/questions/1", visibility="staff")
    notify([person], kind="meeting_published", title="Ailsa Grant published the notes of May", url="/meetings/1",
           visibility="staff")
    db.session.commit()

    assert _outbox() == []
    assert send_digests() == 1
    [digest] = _outbox()
    assert "published the notes of May" in digest.body and "answered: Respite" not in digest.body
    assert len(_titles(person)) == 2


def test_settings_page_lists_the_kinds_for_the_role_and_saves_each_choice(client, login_as):
    practitioner = login_as("practitioner")
    page = client.get("/notifications/settings").text
    assert "A new answer to your question or one you follow" in page
    assert "A new question for the SDS Champions" not in page  # champions only

    response = client.post("/notifications/settings/kinds", data={"kind_new_answer": "daily", "kind_mention": "none"})
    assert response.status_code == 302
    assert preferences.email_choice(practitioner, "new_answer") == "daily"
    assert preferences.email_choice(practitioner, "mention") == "none"
    assert preferences.email_choice(practitioner, "meeting_published") == "immediate"  # untouched
    page = client.get(response.headers["Location"]).text
    assert "Your email choices for each kind of notification are saved." in page

    champion = login_as("champion")
    import re

    page = client.get("/notifications/settings").text
    assert re.search(r'<input checked[^>]*name="kind_new_question"[^>]*value="daily"', page), "digest by default"
    client.post("/notifications/settings/kinds", data={"kind_new_question": "immediate"})
    assert db.session.scalar(select(NotificationSetting.email).where(NotificationSetting.user_id == champion.id)) == "immediate"


def test_settings_refuse_an_unknown_choice_with_a_message(client, login_as):
    person = login_as("practitioner")
    response = client.post("/notifications/settings/kinds", data={"kind_new_answer": "hourly"})
    assert response.status_code == 400
    assert "There is a problem" in response.text and "Not a valid choice" in response.text
    assert preferences.chosen(person) == {}


# --- the email itself ------------------------------------------------------------------------

def test_email_carries_a_short_guard_checked_excerpt_and_a_one_click_unsubscribe(app):
    asker = factories.user("practitioner", email_frequency="immediate")
    question = fq.question(author=asker, title=TITLE)
    questions.follow(question, asker)
    long_answer = "Yes, when it meets an outcome agreed in the support plan. " * 10
    questions.add_answer(question, factories.user("champion"), long_answer)
    db.session.commit()

    [message] = _outbox(asker)
    assert "Yes, when it meets an outcome agreed in the support plan." in message.body
    assert long_answer.strip() not in message.body and "…" in message.body
    assert message.unsubscribe_url.startswith("http://localhost/notifications/unsubscribe/")
    assert f"Stop emails like this (a new answer to your question or one you follow): {message.unsubscribe_url}" in message.body
    wire = build_message(message, "hub@example.org")
    assert wire["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"
    assert wire["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_excerpt_with_personal_data_is_left_out_of_the_email(app):
    asker = factories.user("practitioner", email_frequency="immediate")
    question = fq.question(author=asker, title=TITLE)
    questions.follow(question, asker)
    questions.add_answer(question, factories.user("champion"), "Ring her on 07700 900123 about it.")
    db.session.commit()

    [message] = _outbox(asker)
    assert "07700" not in message.body and "Ring her" not in message.body
    assert f"answered: {TITLE}" in message.body


def test_one_click_unsubscribe_stops_that_kind_only_without_signing_in(client, app, csrf_enabled):
    person = factories.user("practitioner", email_frequency="immediate")
    db.session.commit()
    url = preferences.unsubscribe_url(person, "new_answer").removeprefix("http://localhost")

    page = client.get(url)
    assert page.status_code == 200 and "Stop emails about: a new answer to your question or one you follow?" in page.text
    # A mail client's one-click POST carries no form token: the signed link is the proof.
    done = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Email stopped" in done.text
    assert preferences.email_choice(person, "new_answer") == "none"
    assert preferences.email_choice(person, "meeting_published") == "immediate"


def test_the_digest_link_stops_all_email_and_a_forged_link_is_not_found(client, app):
    person = factories.user("practitioner", email_frequency="daily")
    preferences.choose(person, "mention", "immediate")
    db.session.commit()
    url = preferences.unsubscribe_url(person, "*").removeprefix("http://localhost")

    assert "all email from the Hub" in client.post(url).text
    db.session.refresh(person)
    assert person.email_frequency == "none" and preferences.email_choice(person, "mention") == "none"
    assert client.get(url[:-3] + "abc").status_code == 404
    assert client.post("/notifications/unsubscribe/not-a-token").status_code == 404


# --- champions acting on your content --------------------------------------------------------

def test_the_author_of_a_hidden_question_is_told_why_and_still_reads_it_others_get_a_404(client, login_as):
    asker = factories.user("practitioner")
    question = fq.question(author=asker, title=TITLE)
    db.session.commit()
    champion = login_as("champion", display_name="Ailsa Grant")
    client.post(f"/questions/{question.id}/hide", data={"reason": "It names a family"})

    assert _titles(asker) == [f"Ailsa Grant hid your question: {TITLE}. Reason: It names a family"]
    login_as(asker)
    page = client.get(f"/questions/{question.id}").text
    assert "only you and the SDS Champions can see it. Reason: It names a family" in page
    assert "edit your question" in page
    login_as("practitioner")
    assert client.get(f"/questions/{question.id}").status_code == 404

    # Editing it is how the author resubmits it: the champions are asked to look again.
    login_as(asker)
    client.post(f"/questions/{question.id}/edit", data={"title": TITLE, "body": "No names now.", "visibility": "staff"})
    assert any("changed their hidden question" in t for t in _titles(champion))


def test_the_author_of_a_hidden_answer_is_told_and_the_asker_is_not(client, login_as):
    asker = factories.user("practitioner")
    question = fq.question(author=asker, title=TITLE)
    helper = factories.user("practitioner")
    answer = fq.answer(question, author=helper)
    db.session.commit()
    login_as("champion", display_name="Ailsa Grant")
    client.post(f"/questions/answers/{answer.id}/hide", data={"reason": "Out of date"})

    assert _titles(helper) == [f"Ailsa Grant hid your answer to: {TITLE}. Reason: Out of date"]
    assert _titles(asker) == []
    login_as(helper)
    assert "only you and the SDS Champions can see it. Reason: Out of date" in client.get(f"/questions/{question.id}").text


def test_closing_as_a_duplicate_links_to_the_question_the_asker_may_see(client, login_as):
    asker = factories.user("practitioner")
    original = fq.question(title="Paying for a gym with a direct payment")
    secret = fq.question(title="Champions only: the same question", visibility="champions")
    first = fq.question(author=asker, title=TITLE)
    second = fq.question(author=asker, title=TITLE + " (again)")
    db.session.commit()
    login_as("champion", display_name="Ailsa Grant")
    client.post(f"/questions/{first.id}/close", data={"reason": "duplicate", "duplicate_of": str(original.id)})
    client.post(f"/questions/{second.id}/lock")

    notes = db.session.scalars(select(Notification).where(Notification.user_id == asker.id)
                               .order_by(Notification.id)).all()
    assert notes[0].title.startswith(f"Ailsa Grant closed your question: {TITLE}. Reason: Duplicate")
    assert notes[0].title.endswith("See Paying for a gym with a direct payment") and notes[0].url == original.url
    assert notes[1].title == f"Ailsa Grant locked your question: {TITLE} (again). No new answers can be added"
    assert secret.title not in " ".join(n.title for n in notes)


def test_an_action_assigned_is_told_to_its_owner_and_reminded_three_working_days_before(client, login_as):
    owner = factories.user("practitioner", display_name="Morag Bell")
    meeting = fm.meeting(visibility="staff")
    db.session.commit()
    login_as("champion", display_name="Ailsa Grant")
    client.post(f"/meetings/{meeting.id}/actions/new", data={
        "what": "Ask finance about audit returns", "owner": str(owner.id),
        "due_on-day": "15", "due_on-month": "3", "due_on-year": "2027"})
    assert _titles(owner) == ["Ailsa Grant gave you an action: Ask finance about audit returns, due 15 March 2027"]

    # Friday 12 March 2027: Monday 15th is one working day away; Wednesday 24th is eight.
    soon = fm.action(meeting, owner=owner, what="Draft the carers' leaflet", due_on=date(2027, 3, 15))
    fm.action(meeting, owner=owner, what="Book the room", due_on=date(2027, 3, 24))
    db.session.commit()
    assert send_due_reminders(date(2027, 3, 12)) == 2  # the first action and this one
    assert send_due_reminders(date(2027, 3, 12)) == 0  # once only
    assert "Your action is due on 15 March 2027: Draft the carers' leaflet" in _titles(owner)
    assert not any("Book the room" in t for t in _titles(owner))
    assert soon.due_reminder_at is not None
    assert send_due_reminders(date(2027, 3, 12) + timedelta(days=7)) == 1  # Book the room, now 3 working days off


def test_telling_many_people_reads_their_email_choices_in_one_query(app, count_queries):
    few = [factories.user("champion", email_frequency="immediate")]
    many = [factories.user("champion", email_frequency="immediate") for _ in range(6)]
    preferences.choose(many[0], "new_question", "immediate")
    db.session.commit()

    def cost(people):
        for person in people:
            db.session.refresh(person)  # loaded already, as the callers' people are
        with count_queries() as counter:
            notify(people, kind="new_question", title="A question", url="/questions/1", visibility="staff")
            db.session.flush()
        db.session.commit()
        return sum(1 for statement in counter.statements if statement.lstrip().upper().startswith("SELECT"))

    assert cost(many) == cost(few)  # one row written per person, but no read per person
    assert len(_outbox(many[0])) == 1 and _outbox(many[1]) == []  # the chosen 'immediate'; the rest the default


def test_workshop_and_self_evaluation_actions_tell_their_owner_when_assigned_and_when_due(client, login_as):
    from champions.meetings.models import Action
    from champions.selfeval.models import ImprovementAction
    from tests import factories_selfeval as fs
    from tests import factories_workshops as fw
    from tests.pages import date_boxes

    owner = factories.user("practitioner", display_name="Morag Bell")
    outsider = factories.user("practitioner", display_name="Iain Outwith")
    workshop = fw.workshop(participants=[owner], title="North Team exercise")
    cluster = fw.cluster(workshop, "Paperwork")
    evaluation = fs.evaluation(contributors=[owner], title="North Team, March 2027")
    db.session.commit()
    login_as(workshop.facilitator)
    client.post(f"/workshops/clusters/{cluster.id}/action-now", data={
        "what": "Ask finance for the audit dates", "owner": str(owner.id), **date_boxes("due_on", date(2027, 3, 15))})
    [assigned] = _titles(owner)
    assert assigned.endswith("gave you an action: Ask finance for the audit dates, due 15 March 2027")
    note = db.session.scalar(select(Notification).where(Notification.user_id == owner.id))
    assert note.subject == f"workshop:{workshop.id}" and note.access_group == f"workshop:{workshop.id}"
    login_as(evaluation.lead)
    standard = evaluation.standards[0]
    client.post(f"/self-evaluation/{evaluation.id}/standards/{standard.id}/actions/new", data={
        "what": "Audit ten support plans", "owner": str(owner.id), **date_boxes("due_on", date(2027, 3, 16))})
    assert any(t.endswith("gave you an action: Audit ten support plans, due 16 March 2027") for t in _titles(owner))

    # An outsider given an action where they may not read it is not told (nor reminded) of it.
    hidden = Action(what="Secret improvement", owner_id=outsider.id, due_on=date(2027, 3, 15))
    db.session.add(ImprovementAction(standard=standard, action=hidden))
    db.session.commit()
    assert send_due_reminders(date(2027, 3, 12)) == 3  # Friday: Monday and Tuesday are within three working days
    due = [t for t in _titles(owner) if t.startswith("Your action is due")]
    assert sorted(due) == ["Your action is due on 15 March 2027: Ask finance for the audit dates",
                           "Your action is due on 16 March 2027: Audit ten support plans"]
    assert _titles(outsider) == []


def test_every_kind_of_notification_the_features_send_can_be_chosen_in_the_settings():
    """A kind missing from kinds.KINDS would be emailed by the general setting alone, with no choice for it."""
    import re
    from pathlib import Path

    from champions.notifications import kinds

    source = Path(kinds.__file__).resolve().parents[1]
    sent = set()
    for path in source.rglob("*.py"):
        text = path.read_text()
        for call in re.finditer(r"notify\((?:[^()]|\([^()]*\))*\)", text):
            sent.update(re.findall(r'kind=f?"([a-z_{}]+)"', call.group()))
    sent = {k.replace("{action}ed", "published") for k in sent} | {"resource_returned", "answer_accepted",
                                                                    "answer_endorsed"}
    assert {"mention", "action_due", "resource_published", "workshop_published"} <= sent
    assert sent - set(kinds.KINDS) == set()
