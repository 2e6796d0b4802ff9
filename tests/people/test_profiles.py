"""Profiles: click a name, see who they are and what the reader may see of their activity; ask a champion."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.people.names import person_name
from tests import factories
from tests import factories_questions as fq


def test_a_name_on_a_question_links_to_a_profile_with_role_team_and_activity(client, login_as):
    org = factories.organisation("Perth and Kinross Council")
    team = factories.team("North Team", org)
    author = factories.user("champion", display_name="Ailsa Grant", organisation_=org, team=team)
    question = fq.question(author=author, title="Paying a relative under option 1")
    answered = fq.question(title="Respite budgets")
    fq.answer(answered, author=author, endorsed_by_id=factories.user("champion").id)
    db.session.commit()
    login_as("practitioner")

    page = client.get(f"/questions/{question.id}").text
    assert f'href="/people/{author.id}"' in page
    profile = client.get(f"/people/{author.id}").text
    assert "Ailsa Grant" in profile and "SDS Champion" in profile and "North Team, Perth and Kinross Council" in profile
    assert "SDS Champion since" in profile
    assert "Paying a relative under option 1" in profile and "Answer to: Respite budgets" in profile
    assert "(1, 1 endorsed)" in profile


def test_a_profile_shows_only_what_the_reader_may_see(client, login_as):
    author = factories.user("practitioner", display_name="Morag Bell")
    fq.question(author=author, title="Staff question")
    fq.question(author=author, title="Champions question", visibility="champions")
    fq.question(author=author, title="Hidden question", hidden=True, hidden_reason="Personal data")
    fq.question(author=author, title="Partner question", visibility="partners")
    db.session.commit()

    login_as("partner")
    page = client.get(f"/people/{author.id}").text
    assert "Partner question" in page and "Staff question" not in page and "Champions question" not in page
    login_as("practitioner")
    page = client.get(f"/people/{author.id}").text
    assert "Staff question" in page and "Champions question" not in page and "Hidden question" not in page
    login_as("champion")
    page = client.get(f"/people/{author.id}").text
    assert "Champions question" in page and "Hidden question" not in page  # public activity only


def test_two_people_with_the_same_name_are_told_apart_by_team_or_organisation(client, login_as):
    north = factories.team("North Team", factories.organisation("Perth and Kinross Council"))
    one = factories.user("practitioner", display_name="Jamie Reid", team=north, organisation_=north.organisation)
    other = factories.user("partner", display_name="Jamie Reid")
    unique = factories.user("practitioner", display_name="Ailsa Grant")
    question = fq.question(author=one, title="Which Jamie asked this?")
    db.session.commit()

    assert person_name(one) == "Jamie Reid (North Team, Perth and Kinross Council)"
    assert person_name(other) == f"Jamie Reid ({other.organisation.name})"
    assert person_name(unique) == "Ailsa Grant"
    login_as("practitioner")
    assert "Jamie Reid (North Team, Perth and Kinross Council)" in client.get(f"/questions/{question.id}").text


def test_ask_this_champion_starts_a_question_that_notifies_them(client, login_as):
    champion = factories.user("champion", display_name="Ailsa Grant")
    practitioner = login_as("practitioner", display_name="Morag Bell")
    profile = client.get(f"/people/{champion.id}").text
    assert f'href="/questions/new?champion={champion.id}"' in profile and "Ask this champion" in profile

    form = client.get(f"/questions/new?champion={champion.id}").text
    assert "You are asking" in form and "Ailsa Grant" in form
    response = client.post(f"/questions/new?champion={champion.id}", data={
        "title": "Can a direct payment fund a gym?", "body": "For a person's wellbeing outcome.", "visibility": "staff"})
    assert response.status_code == 302
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == champion.id)).all()
    assert "Morag Bell asked you: Can a direct payment fund a gym?" in titles
    assert practitioner.id not in {n.user_id for n in db.session.scalars(select(Notification))}


def test_only_champions_can_be_asked_by_name_and_not_by_themselves(client, login_as):
    other_practitioner = factories.user("practitioner")
    champion = login_as("champion")
    assert "Ask this champion" not in client.get(f"/people/{champion.id}").text
    assert "Ask this champion" not in client.get(f"/people/{other_practitioner.id}").text
    assert "You are asking" not in client.get(f"/questions/new?champion={other_practitioner.id}").text


def test_asking_a_champion_by_name_keeps_a_confirmed_phone_number_out_of_their_notification_and_email(client, login_as):
    from champions.outbox.models import OutboxMessage

    champion = factories.user("champion", display_name="Ailsa Grant", email_frequency="immediate")
    login_as("practitioner", display_name="Morag Bell")
    client.post(f"/questions/new?champion={champion.id}", data={
        "title": "Can I ring the family on 07700 900123?", "body": "Their number is 07700 900123.",
        "visibility": "staff", "confirm_no_personal_data": "y"})
    titles = db.session.scalars(select(Notification.title).where(Notification.user_id == champion.id)).all()
    assert "Morag Bell asked you a question" in titles
    sent = "\n".join(f"{m.subject}\n{m.body}" for m in db.session.scalars(select(OutboxMessage)))
    assert "07700 900123" not in "\n".join(titles) + sent


def test_a_profile_lists_published_resources_the_reader_may_see(client, login_as):
    from tests import factories_resources as fr

    author = factories.user("champion", display_name="Ailsa Grant")
    fr.resource(author=author, title="Direct payment agreement template", visibility="partners")
    fr.resource(author=author, title="Staff guide to indicative budgets", visibility="staff")
    fr.resource(author=author, title="Draft charging leaflet", status="draft", visibility="partners")
    fr.resource(author=author, title="Retired audit form", status="archived", visibility="partners")
    db.session.commit()

    login_as("partner")
    page = client.get(f"/people/{author.id}").text
    assert "Published resources" in page and "Direct payment agreement template" in page
    assert "Staff guide to indicative budgets" not in page and "(1)" in page.split("Published resources")[1][:80]
    login_as("practitioner")
    page = client.get(f"/people/{author.id}").text
    assert "Direct payment agreement template" in page and "Staff guide to indicative budgets" in page
    assert "Draft charging leaflet" not in page and "Retired audit form" not in page
