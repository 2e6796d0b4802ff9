"""The home page shows questions a person may see, and champions see what waits for them."""
from __future__ import annotations

from champions.extensions import db
from tests import factories
from tests import factories_questions as make


def test_home_lists_latest_visible_questions_with_ask_button(client, login_as):
    make.question(title="Can a direct payment pay for a gym membership?", visibility="staff")
    make.question(title="Partner-shared question about carers' short breaks", visibility="partners")
    make.question(title="This hidden question must not show anywhere", hidden=True)
    login_as("practitioner")
    page = client.get("/").get_data(as_text=True)
    assert "Latest questions" in page
    assert "Can a direct payment pay for a gym membership?" in page
    assert "Partner-shared question about carers&#39; short breaks" in page
    assert "This hidden question must not show anywhere" not in page
    assert "Ask a question" in page


def test_partner_home_shows_only_questions_shared_with_partners(client, login_as):
    make.question(title="Staff-only question about charging policy")
    make.question(title="Shared question about independent support", visibility="partners")
    login_as("partner")
    page = client.get("/").get_data(as_text=True)
    assert "Shared question about independent support" in page
    assert "Staff-only question about charging policy" not in page


def test_champion_sees_oldest_questions_awaiting_a_champion_in_working_days(client, login_as):
    waiting = make.question(title="Old question still waiting for a champion", days_ago=14)
    answered = make.question(title="Question a champion already answered", days_ago=20)
    make.answer(answered, author=factories.user("champion"))
    db.session.commit()
    login_as("champion")
    page = client.get("/").get_data(as_text=True)
    assert "Waiting for a champion" in page
    assert "1 question</strong> has no answer from an SDS Champion yet" in page
    assert waiting.title in page
    assert "working days" in page


def test_practitioner_does_not_get_the_champion_panel(client, login_as):
    make.question(title="Old question still waiting for a champion", days_ago=14)
    login_as("practitioner")
    assert "Waiting for a champion" not in client.get("/").get_data(as_text=True)
