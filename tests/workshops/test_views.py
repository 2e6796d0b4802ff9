"""Setting up a workshop, the team exercise's board, cards, clusters, bad input, action now, closing."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.meetings.models import Action
from champions.workshops.models import Card, Cluster, Item, Workshop
from tests import factories
from tests import factories_workshops as fw
from tests.pages import date_boxes


def valid_chi() -> str:
    """An invented CHI number that passes the modulus 11 check (born 1 January 1990)."""
    for serial in range(100, 999):
        digits = f"010190{serial}"
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return digits + str(check)
    raise AssertionError("no CHI")


def test_a_champion_sets_up_a_workshop_for_a_whole_team(client, login_as):
    team = factories.team("North Team")
    members = [factories.user("practitioner", team=team) for _ in range(3)]
    facilitator = factories.user("champion")
    champion = login_as("champion")
    data = {"title": "North Team: SDS advantages and challenges", "kind": "team",
            "facilitator": str(facilitator.id), "team": str(team.id), "visibility": "members",
            **date_boxes("held_on", date.today() + timedelta(days=3))}
    response = client.post("/workshops/new", data=data)
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert workshop.participant_ids == {m.id for m in members}
    assert workshop.facilitator_id == facilitator.id and workshop.created_by_id == champion.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "North Team: SDS advantages and challenges" in page and "Team exercise" in page


def test_setting_up_needs_participants_and_only_champions_may(client, login_as):
    login_as("practitioner")
    assert client.get("/workshops/new").status_code == 403
    login_as("champion")
    page = client.post("/workshops/new", data={"title": "Kept as typed", "kind": "team"}).get_data(as_text=True)
    assert "There is a problem" in page and "Choose the participants, or a whole team" in page
    assert 'value="Kept as typed"' in page


def test_a_participant_adds_a_card_and_it_shows_on_the_board(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    response = client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "Finance forms take weeks"})
    assert response.status_code == 302
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Finance forms take weeks" in page and "Challenges (1)" in page


def test_who_may_add_cards(client, login_as):
    participant = factories.user("practitioner")
    workshop = fw.workshop(participants=[participant])
    db.session.commit()
    login_as("practitioner")  # not a participant: the exercise in progress is not theirs to see
    assert client.get(f"/workshops/{workshop.id}").status_code == 404
    login_as("champion")  # reads it, but neither takes part nor facilitates
    assert client.get(f"/workshops/{workshop.id}").status_code == 200
    assert client.post(f"/workshops/{workshop.id}/cards", data={"side": "advantage", "text": "x"}).status_code == 403
    login_as("partner")
    assert client.post(f"/workshops/{workshop.id}/cards", data={"side": "advantage", "text": "x"}).status_code == 404
    login_as(workshop.facilitator)
    assert client.post(f"/workshops/{workshop.id}/cards", data={"side": "advantage", "text": "x"}).status_code == 302
    cards = db.session.scalars(select(Card).where(Card.workshop_id == workshop.id)).all()
    assert [card.author_id for card in cards] == [workshop.facilitator.id]  # the refused ones wrote nothing


def test_bad_cards_are_refused_with_the_card_kept(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    url = f"/workshops/{workshop.id}/cards"
    page = client.post(url, data={"side": "challenge", "text": "   "}).get_data(as_text=True)
    assert "Write your idea on the card" in page
    long_card = "Forms " * 40
    page = client.post(url, data={"side": "challenge", "text": long_card}).get_data(as_text=True)
    assert "200 characters or fewer" in page and "Forms Forms" in page
    chi = valid_chi()
    page = client.post(url, data={"side": "challenge", "text": f"Mrs X {chi} waited", "confirm_no_personal_data": "y"}
                       ).get_data(as_text=True)
    assert "CHI or National Insurance number" in page and chi in page  # kept for the writer to edit
    assert db.session.scalar(select(Card)) is None


def test_a_phone_number_on_a_card_is_saved_only_once_confirmed(client, login_as):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    url = f"/workshops/{workshop.id}/cards"
    data = {"side": "advantage", "text": "Brokerage line 07700 900123 is quick"}
    assert "I confirm this is not about an identifiable person" in client.post(url, data=data).get_data(as_text=True)
    assert client.post(url, data={**data, "confirm_no_personal_data": "y"}).status_code == 302


def test_the_facilitator_moves_a_card_without_javascript(client, login_as):
    workshop = fw.workshop()
    paperwork, money = fw.cluster(workshop, "Paperwork"), fw.cluster(workshop, "Money")
    card = fw.card(workshop, "Too many forms", cluster_=paperwork)
    db.session.commit()
    login_as(workshop.facilitator)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert f'<label class="label visually-hidden" for="move-{card.id}">' in page
    assert client.post(f"/workshops/cards/{card.id}/move", data={"cluster": str(money.id)}).status_code == 302
    assert db.session.get(Card, card.id).cluster_id == money.id


def test_merging_moves_everything_and_keeps_the_merged_cluster(client, login_as):
    workshop = fw.workshop()
    paperwork, forms = fw.cluster(workshop, "Paperwork"), fw.cluster(workshop, "Forms")
    card = fw.card(workshop, "Too many forms", cluster_=forms)
    solution = fw.item(workshop, "our_action", "One shared template", cluster_=forms)
    db.session.commit()
    login_as(workshop.facilitator)
    page = client.post(f"/workshops/clusters/{forms.id}/merge", data={"into": str(forms.id)}).get_data(as_text=True)
    assert "cannot be merged into itself" in page
    assert client.post(f"/workshops/clusters/{forms.id}/merge", data={"into": str(paperwork.id)}).status_code == 302
    assert db.session.get(Card, card.id).cluster_id == paperwork.id
    assert db.session.get(Item, solution.id).cluster_id == paperwork.id
    assert db.session.get(Cluster, forms.id).merged_into_id == paperwork.id
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Too many forms" in page and "One shared template" in page


def test_a_cluster_is_renamed_and_needs_a_name(client, login_as):
    workshop = fw.workshop()
    cluster = fw.cluster(workshop, "Paperwork")
    db.session.commit()
    login_as(workshop.facilitator)
    url = f"/workshops/clusters/{cluster.id}/edit"
    assert "Enter a name for the cluster" in client.post(url, data={"name": "", "version": "1"}).get_data(as_text=True)
    assert client.post(url, data={"name": "Forms and paperwork", "version": "1"}).status_code == 302
    assert db.session.get(Cluster, cluster.id).name == "Forms and paperwork"


def test_solutions_and_the_action_now_which_joins_the_tracker(client, login_as):
    participant = factories.user("practitioner")
    workshop = fw.workshop(participants=[participant])
    cluster = fw.cluster(workshop, "Paperwork")
    db.session.commit()
    login_as(participant)
    for section, text in (("our_action", "Use one template"), ("managers_action", "Agree the audit dates"),
                          ("unresolved", "Charging policy")):
        response = client.post(f"/workshops/{workshop.id}/items/{section}/new?cluster={cluster.id}", data={"text": text})
        assert response.status_code == 302
    login_as(workshop.facilitator)
    due = date.today() + timedelta(days=14)
    response = client.post(f"/workshops/clusters/{cluster.id}/action-now",
                           data={"what": "Ask finance for the audit dates", "owner": str(participant.id),
                                 **date_boxes("due_on", due)})
    assert response.status_code == 302
    action = db.session.scalar(select(Action))
    assert action.workshop_id == workshop.id and action.meeting_id is None
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    for text in ("Use one template", "Agree the audit dates", "Charging policy", "Ask finance for the audit dates"):
        assert text in page
    login_as(participant)
    tracker = client.get("/meetings/actions?mine=1").get_data(as_text=True)
    assert "Ask finance for the audit dates" in tracker and workshop.title in tracker
    assert client.post(f"/meetings/actions/{action.id}/done").status_code == 302
    assert db.session.get(Action, action.id).is_done
    client.get("/meetings/actions")  # shows (and so clears) the "Marked done" message
    login_as("partner")
    assert "Ask finance for the audit dates" not in client.get("/meetings/actions?tab=done").get_data(as_text=True)
    assert client.post(f"/meetings/actions/{action.id}/done").status_code == 404


def test_the_action_now_goes_only_to_someone_who_can_see_the_workshop(client, login_as):
    outsider = factories.user("practitioner", display_name="Not In The Room")
    workshop = fw.workshop()
    cluster = fw.cluster(workshop, "Paperwork")
    db.session.commit()
    login_as(workshop.facilitator)
    due = date.today() + timedelta(days=14)
    response = client.post(f"/workshops/clusters/{cluster.id}/action-now",
                           data={"what": "Ask finance for the audit dates", "owner": str(outsider.id),
                                 **date_boxes("due_on", due)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The owner cannot see this workshop yet" in page
    assert "Ask finance for the audit dates" in page  # what was typed is kept
    assert db.session.scalar(select(Action)) is None


def test_one_action_now_per_challenge_cluster(client, login_as):
    workshop = fw.workshop()
    cluster = fw.cluster(workshop, "Paperwork")
    db.session.commit()
    login_as(workshop.facilitator)
    data = {"what": "Ask finance", "owner": str(workshop.facilitator_id),
            **date_boxes("due_on", date.today() + timedelta(days=7))}
    assert client.post(f"/workshops/clusters/{cluster.id}/action-now", data=data).status_code == 302
    client.post(f"/workshops/clusters/{cluster.id}/action-now", data=data)
    assert len(db.session.scalars(select(Action)).all()) == 1


def test_closing_needs_a_review_date_in_the_future(client, login_as):
    workshop = fw.workshop()
    db.session.commit()
    login_as(workshop.facilitator)
    url = f"/workshops/{workshop.id}/closing"
    page = client.post(url, data={"next_steps": "Managers meet in May", "version": str(workshop.version),
                                  **date_boxes("review_on", date.today() - timedelta(days=1))}).get_data(as_text=True)
    assert "Review date must be a date in the future" in page and "Managers meet in May" in page
    response = client.post(url, data={"next_steps": "Managers meet in **May**", "version": str(workshop.version),
                                      **date_boxes("review_on", date.today() + timedelta(days=60))})
    assert response.status_code == 302
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "<strong>May</strong>" in page and "We will review this on" in page


def test_state_changes_need_the_csrf_token(client, login_as, csrf_enabled):
    person = factories.user("practitioner")
    workshop = fw.workshop(participants=[person])
    db.session.commit()
    login_as(person)
    response = client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "No token"})
    assert response.status_code in (200, 400)
    assert db.session.scalar(select(Card)) is None


def test_the_csv_has_every_card_and_item_and_no_formulas(client, login_as):
    workshop = fw.workshop()
    cluster = fw.cluster(workshop, "Paperwork")
    fw.card(workshop, "=HYPERLINK(\"x\")", cluster_=cluster)
    fw.item(workshop, "our_action", "Use one template", cluster_=cluster)
    db.session.commit()
    login_as(workshop.facilitator)
    response = client.get(f"/workshops/{workshop.id}/items.csv")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and "'=HYPERLINK" in body and "Use one template" in body
    assert "Paperwork" in body


def test_the_printable_record_and_print_stylesheet(client, login_as):
    workshop = fw.workshop()
    cluster = fw.cluster(workshop, "Paperwork")
    fw.card(workshop, "Too many forms", cluster_=cluster)
    db.session.commit()
    login_as(workshop.facilitator)
    page = client.get(f"/workshops/{workshop.id}/print").get_data(as_text=True)
    assert "Too many forms" in page and "css/workshops.css" in page
    response = client.get("/static/css/workshops.css")
    assert "@media print" in response.get_data(as_text=True)
    response.close()


def test_the_facilitator_changes_participants_and_they_read_it_at_once(client, login_as):
    first, second = factories.user("practitioner"), factories.user("practitioner")
    workshop = fw.workshop(participants=[first])
    db.session.commit()
    login_as(second)
    assert client.get(f"/workshops/{workshop.id}").status_code == 404
    login_as(workshop.facilitator)
    page = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*name="participants"[^>]*>', page)
    assert [b for b in boxes if "checked" in b and f'value="{first.id}"' in b]
    assert not [b for b in boxes if "checked" in b and f'value="{second.id}"' in b]
    data = {"title": workshop.title, "kind": "team", "facilitator": str(workshop.facilitator_id),
            "participants": [str(second.id)], "visibility": "members", **date_boxes("held_on", workshop.held_on)}
    assert client.post(f"/workshops/{workshop.id}/edit", data=data).status_code == 302
    assert db.session.get(Workshop, workshop.id).participant_ids == {second.id}
    login_as(second)
    assert client.get(f"/workshops/{workshop.id}").status_code == 200
    login_as(first)
    assert client.get(f"/workshops/{workshop.id}").status_code == 404


def test_publishing_needs_an_audience_and_happens_once(client, login_as):
    workshop = fw.workshop()
    db.session.commit()
    login_as(workshop.facilitator)
    client.post(f"/workshops/{workshop.id}/publish", data={})
    assert not db.session.get(Workshop, workshop.id).is_published
    assert client.post(f"/workshops/{workshop.id}/publish", data={"visibility": "partners"}).status_code == 302
    assert db.session.get(Workshop, workshop.id).visibility == "partners"
    assert client.post(f"/workshops/{workshop.id}/publish", data={"visibility": "staff"}).status_code == 403
    login_as("partner")
    page = client.get(f"/workshops/{workshop.id}/you-said-we-did").get_data(as_text=True)
    assert "You said, we did" in page and workshop.title in page and "Not yet published" not in page
    assert client.post(f"/workshops/{workshop.id}/cards", data={"side": "challenge", "text": "x"}).status_code == 403
    assert db.session.scalar(select(Card)) is None


def test_a_published_record_cannot_be_regrouped_by_hand_made_posts(client, login_as):
    workshop = fw.workshop()
    cluster, other = fw.cluster(workshop, "Paperwork"), fw.cluster(workshop, "Money")
    card = fw.card(workshop)
    workshop.status = "published"
    db.session.commit()
    login_as(workshop.facilitator)
    assert client.post(f"/workshops/{workshop.id}/clusters", data={"side": "challenge", "name": "New"}).status_code == 403
    assert client.post(f"/workshops/cards/{card.id}/move", data={"cluster": str(cluster.id)}).status_code == 403
    assert client.post(f"/workshops/clusters/{cluster.id}/edit", data={"name": "Renamed", "version": "1"}
                       ).status_code == 403
    assert client.post(f"/workshops/clusters/{cluster.id}/merge", data={"into": str(other.id)}).status_code == 403
    db.session.expire_all()
    assert [c.name for c in db.session.scalars(select(Cluster).where(Cluster.workshop_id == workshop.id))] == [
        "Paperwork", "Money"]
    assert db.session.get(Card, card.id).cluster_id is None
