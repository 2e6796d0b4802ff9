"""Working in the room: the board fragment for polling, cards added at once, stale edits refused with both versions."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.workshops.models import Card, Cluster, Item
from tests import factories
from tests import factories_workshops as fw


def test_the_board_fragment_answers_204_until_something_changes(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    first = client.get(f"/workshops/{workshop.id}/board")
    assert first.status_code == 200 and 'id="board"' in first.get_data(as_text=True)
    stamp = first.get_data(as_text=True).split('data-stamp="')[1].split('"')[0]
    assert client.get(f"/workshops/{workshop.id}/board?stamp={stamp}").status_code == 204
    client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "New card from a laptop"})
    again = client.get(f"/workshops/{workshop.id}/board?stamp={stamp}")
    assert again.status_code == 200 and "New card from a laptop" in again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "no-store"
    login_as("partner")
    assert client.get(f"/workshops/{workshop.id}/board").status_code == 404


def test_two_people_adding_cards_at_once_both_keep_theirs(app, login_as):
    one, two = factories.user("practitioner"), factories.user("practitioner")
    workshop = fw.workshop(participants=[one, two])
    db.session.commit()
    clients = []
    for person in (one, two):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = person.get_id(), True
        clients.append(client)
    page = clients[0].get(f"/workshops/{workshop.id}")  # both have the page open
    clients[1].get(f"/workshops/{workshop.id}")
    assert page.status_code == 200
    for n, client in enumerate(clients):
        assert client.post(f"/workshops/{workshop.id}/cards",
                           data={"side": "challenge", "text": f"Card from person {n}"}).status_code == 302
    assert sorted(c.text for c in db.session.scalars(select(Card))) == ["Card from person 0", "Card from person 1"]


def test_a_stale_card_edit_is_refused_and_both_versions_shown(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    card = fw.card(workshop, "Forms are slow", author=person)
    db.session.commit()
    opened_at = card.version
    login_as(workshop.facilitator)  # the facilitator rewords it first
    assert client.post(f"/workshops/cards/{card.id}/edit", data={"side": "challenge", "text": "Finance forms are slow",
                                                                  "version": str(opened_at)}).status_code == 302
    login_as(person)  # then the author saves the page they opened earlier
    response = client.post(f"/workshops/cards/{card.id}/edit", data={"side": "challenge", "text": "Forms take weeks",
                                                                      "version": str(opened_at)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Someone else changed this" in page
    assert "Finance forms are slow" in page and "Forms take weeks" in page
    assert db.session.get(Card, card.id).text == "Finance forms are slow"
    newer = db.session.get(Card, card.id).version
    assert f'value="{newer}"' in page  # saving again replaces theirs, knowingly
    assert client.post(f"/workshops/cards/{card.id}/edit", data={"side": "challenge", "text": "Forms take weeks",
                                                                  "version": str(newer)}).status_code == 302
    assert db.session.get(Card, card.id).text == "Forms take weeks"


def test_stale_item_and_cluster_edits_are_refused_too(client, login_as):
    workshop = fw.workshop()
    cluster = fw.cluster(workshop, "Paperwork")
    item = fw.item(workshop, "our_action", "One template", cluster_=cluster)
    db.session.commit()
    login_as(workshop.facilitator)
    client.post(f"/workshops/items/{item.id}/edit", data={"text": "One shared template", "version": "1"})
    page = client.post(f"/workshops/items/{item.id}/edit", data={"text": "Two templates", "version": "1"}
                       ).get_data(as_text=True)
    assert "Someone else changed this" in page and "One shared template" in page and "Two templates" in page
    assert db.session.get(Item, item.id).text == "One shared template"
    client.post(f"/workshops/clusters/{cluster.id}/edit", data={"name": "Forms", "version": "1"})
    page = client.post(f"/workshops/clusters/{cluster.id}/edit", data={"name": "Paper", "version": "1"}
                       ).get_data(as_text=True)
    assert "Someone else changed this" in page
    assert db.session.get(Cluster, cluster.id).name == "Forms"


def test_only_its_author_or_the_facilitator_changes_a_card(client, login_as):
    author, other = factories.user("practitioner"), factories.user("practitioner")
    workshop = fw.workshop(participants=[author, other])
    card = fw.card(workshop, "Forms are slow", author=author)
    db.session.commit()
    login_as(other)
    assert client.get(f"/workshops/cards/{card.id}/edit").status_code == 403
    response = client.post(f"/workshops/cards/{card.id}/edit", data={"side": "advantage", "text": "Forms are fine",
                                                                      "version": str(card.version)})
    assert response.status_code == 403
    db.session.expire_all()
    unchanged = db.session.get(Card, card.id)
    assert (unchanged.text, unchanged.side, unchanged.author_id) == ("Forms are slow", "challenge", author.id)
    login_as(author)
    assert client.get(f"/workshops/cards/{card.id}/edit").status_code == 200


def test_the_live_script_is_progressive_enhancement(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "js/workshops.js" in page and "Refresh the board" in page and "<script>" not in page
    assert 'aria-live="polite"' in page



def test_a_save_that_races_another_is_refused_not_written_over(client, login_as, monkeypatch):
    """Two saves at the same instant: the version column makes the second fail, and the person is told."""
    from sqlalchemy.orm.exc import StaleDataError

    from champions.workshops import service

    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)

    def raced(*args, **kwargs):
        raise StaleDataError("UPDATE statement on table 'card' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(service, "add_card", raced)
    response = client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "Mine"})
    assert response.status_code == 409
    assert "Someone else saved this at the same moment" in response.get_data(as_text=True)


def test_the_board_page_queries_do_not_grow_with_cards(client, login_as, count_queries):
    people = [factories.user("practitioner") for _ in range(6)]
    workshop = fw.workshop(participants=people)
    clusters = [fw.cluster(workshop, f"Cluster {n}") for n in range(4)]

    def page_queries():
        with count_queries() as counter:
            response = client.get(f"/workshops/{workshop.id}")
        assert response.status_code == 200
        return counter.count

    login_as(workshop.facilitator)
    db.session.commit()
    few = page_queries()
    for n in range(40):
        fw.card(workshop, f"Card {n}", author=people[n % 6], cluster_=clusters[n % 4])
        fw.item(workshop, "our_action", f"Solution {n}", cluster_=clusters[n % 4], author=people[n % 6])
    db.session.commit()
    many = page_queries()
    print(f"queries: {few} with no cards, {many} with 40 cards and 40 solutions")
    assert many <= few + 3


def test_every_wording_of_a_card_is_kept_for_champions(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "Forms are slow"})
    card = db.session.scalar(select(Card))
    client.post(f"/workshops/cards/{card.id}/edit", data={"side": "challenge", "text": "Finance forms are slow",
                                                          "version": str(card.version)})
    assert client.get(f"/workshops/{workshop.id}/changes").status_code == 403
    login_as(workshop.facilitator)
    page = client.get(f"/workshops/{workshop.id}/changes").get_data(as_text=True)
    assert page.index("Finance forms are slow") < page.index("Forms are slow")


def test_the_page_and_the_board_fragment_carry_the_same_stamp(client, login_as):
    """The page works its stamp out from what it loaded; the poll asks the database: they must agree, or the
    page would reload the board at once (or never)."""
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    fw.card(workshop, "Forms are slow", author=person)
    fw.card(workshop, "Nobody answers the phone", author=person)
    db.session.commit()
    login_as(person)
    client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "Edited later"})

    def stamp(response):
        return response.get_data(as_text=True).split('data-stamp="')[1].split('"')[0]

    page = stamp(client.get(f"/workshops/{workshop.id}"))
    assert page == stamp(client.get(f"/workshops/{workshop.id}/board"))
    assert client.get(f"/workshops/{workshop.id}/board?stamp={page}").status_code == 204
