"""The chain: team items pass to managers once with their origin, issues pass to senior managers, answers and
authority actions trace back to every challenge card on the published "you said, we did" page."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.search import index, jobs
from champions.workshops.models import Item, WorkshopLink
from tests import factories
from tests import factories_workshops as fw
from tests.pages import date_boxes


def _chain():
    practitioner, manager, senior = factories.user("practitioner"), factories.user("practitioner"), factories.user("practitioner")
    partner = factories.user("partner")
    team = fw.workshop("team", participants=[practitioner, partner], title="North Team exercise")
    paperwork = fw.cluster(team, "Paperwork")
    money = fw.cluster(team, "Money")
    card = fw.card(team, "Finance forms take weeks", author=practitioner, cluster_=paperwork)
    lonely = fw.card(team, "Nobody explains option 2", author=practitioner, cluster_=money)
    fw.card(team, "Waiting lists for PAs", author=practitioner)  # never grouped
    fw.item(team, "managers_action", "Agree audit dates with finance", cluster_=paperwork)
    fw.item(team, "unresolved", "Charging policy is unclear", cluster_=money)
    managers = fw.workshop("managers", participants=[manager], title="Managers' exercise",
                           facilitator=team.facilitator)
    seniors = fw.workshop("senior", participants=[senior], title="Senior managers' exercise",
                          facilitator=team.facilitator)
    db.session.commit()
    return dict(practitioner=practitioner, manager=manager, senior=senior, partner=partner, team=team,
                managers=managers, seniors=seniors, card=card, lonely=lonely)


def test_items_pass_on_once_keep_their_origin_and_the_outcome_shows_on_the_published_page(client, login_as):
    c = _chain()
    login_as(c["team"].facilitator)
    managers, seniors = c["managers"], c["seniors"]
    assert client.post(f"/workshops/{managers.id}/take", data={"source": str(c["team"].id)}).status_code == 302
    client.post(f"/workshops/{managers.id}/take", data={"source": str(c["team"].id)})  # again: nothing new
    starting = db.session.scalars(select(Item).where(Item.workshop_id == managers.id, Item.section == "starting")).all()
    assert sorted(i.text for i in starting) == ["Agree audit dates with finance", "Charging policy is unclear"]
    audit_item = next(i for i in starting if i.text.startswith("Agree"))
    assert audit_item.origin.workshop_id == c["team"].id and audit_item.data["from_cluster"] == "Paperwork"
    page = client.get(f"/workshops/{managers.id}").get_data(as_text=True)
    assert "North Team exercise, Paperwork" in page

    login_as(c["manager"])
    response = client.post(f"/workshops/{managers.id}/items/senior_issue/new",
                           data={"text": "Finance turnaround", "suggested": "A named finance contact",
                                 "answers": str(audit_item.id)})
    assert response.status_code == 302
    response = client.post(f"/workshops/{managers.id}/items/personal_plan/new",
                           data={"text": "Meet finance monthly", **date_boxes("due_on", date.today() + timedelta(days=30)),
                                 **date_boxes("review_on", date.today() + timedelta(days=90))})
    assert response.status_code == 302

    login_as(c["team"].facilitator)
    assert client.post(f"/workshops/{seniors.id}/take", data={"source": str(managers.id)}).status_code == 302
    senior_start = db.session.scalar(select(Item).where(Item.workshop_id == seniors.id, Item.section == "starting"))
    assert senior_start.text == "Finance turnaround" and senior_start.data["suggested"] == "A named finance contact"

    login_as(c["senior"])
    response = client.post(f"/workshops/items/{senior_start.id}/edit",
                           data={"answer_kind": "quick_win", "answer": "Finance names a contact for each team",
                                 "version": str(senior_start.version)})
    assert response.status_code == 302
    page = client.get(f"/workshops/{seniors.id}").get_data(as_text=True)
    assert "<strong>1</strong> quick win " in page

    login_as(c["team"].facilitator)
    response = client.post(f"/workshops/{seniors.id}/publish", data={"visibility": "staff"})
    assert response.status_code == 302
    db.session.expire_all()

    login_as(c["practitioner"])  # took part in the team exercise only
    told = db.session.scalars(select(Notification).where(Notification.user_id == c["practitioner"].id)).all()
    assert [n.kind for n in told] == ["workshop_published"]
    page = client.get(f"/workshops/{seniors.id}/you-said-we-did").get_data(as_text=True)
    assert "Finance forms take weeks" in page and "Finance names a contact for each team" in page
    assert "Quick win" in page
    assert "Nobody explains option 2" in page and "With team managers" in page  # taken, not yet made an issue
    assert "Waiting lists for PAs" in page and "Still unresolved" in page

    # The partner took part in the team exercise but the record is shared with staff only: not told, not shown.
    assert not db.session.scalars(select(Notification).where(Notification.user_id == c["partner"].id)).all()
    login_as(c["partner"])
    assert client.get(f"/workshops/{seniors.id}/you-said-we-did").status_code == 404
    assert client.get("/notifications/").status_code == 200


def test_an_issue_answered_by_an_authority_action(client, login_as):
    c = _chain()
    login_as(c["team"].facilitator)
    client.post(f"/workshops/{c['managers'].id}/take", data={"source": str(c["team"].id)})
    start = db.session.scalar(select(Item).where(Item.workshop_id == c["managers"].id, Item.text.like("Charging%")))
    fw.item(c["managers"], "senior_issue", "Charging policy", author=c["manager"]).answers = start
    db.session.commit()
    client.post(f"/workshops/{c['seniors'].id}/take", data={"source": str(c["managers"].id)})
    senior_start = db.session.scalar(select(Item).where(Item.workshop_id == c["seniors"].id, Item.section == "starting"))
    login_as(c["senior"])
    data = {"text": "Publish a plain-English charging guide", "who": "Head of finance",
            **date_boxes("due_on", date.today() + timedelta(days=60)),
            **date_boxes("review_on", date.today() + timedelta(days=120)), "answers": str(senior_start.id)}
    assert client.post(f"/workshops/{c['seniors'].id}/items/authority_action/new", data=data).status_code == 302
    login_as(c["team"].facilitator)  # the senior manager may not read the team exercise, so is not shown its cards
    page = client.get(f"/workshops/{c['seniors'].id}/you-said-we-did").get_data(as_text=True)
    assert "Authority action" in page and "Publish a plain-English charging guide" in page


def test_senior_managers_sections_and_bad_input(client, login_as):
    senior = factories.user("practitioner")
    seniors = fw.workshop("senior", participants=[senior])
    db.session.commit()
    login_as(senior)
    base = f"/workshops/{seniors.id}/items"
    assert client.post(f"{base}/factor/new", data={"text": "Strong third sector", "where": "external", "reach": "whole",
                                                   "helps_now": "Brokerage"}).status_code == 302
    assert client.post(f"{base}/strategic/new", data={"question": "where", "text": "More option 1",
                                                      "share_1y": "20", "share_3y": "35"}).status_code == 302
    assert client.post(f"{base}/senior_seven_step/new", data={"step": "1", "text": "Ask early"}).status_code == 302
    page = client.post(f"{base}/strategic/new", data={"question": "where", "text": "x", "share_1y": "140"}
                       ).get_data(as_text=True)
    assert "Enter a share from 0 to 100" in page
    saved = {item.text for item in db.session.scalars(select(Item).where(Item.workshop_id == seniors.id))}
    assert saved == {"Strong third sector", "More option 1", "Ask early"}  # the refused one is not among them
    page = client.get(f"/workshops/{seniors.id}").get_data(as_text=True)
    assert all(text in page for text in saved)
    page = client.post(f"{base}/authority_action/new", data={
        "text": "Guide", "who": "Finance", **date_boxes("due_on", date.today() - timedelta(days=2)),
        **date_boxes("review_on", date.today() + timedelta(days=30))}).get_data(as_text=True)
    assert "When by must be a date in the future" in page
    assert client.get(f"{base}/our_action/new").status_code == 404  # a team section
    page = client.get(f"/workshops/{seniors.id}").get_data(as_text=True)
    assert "Strong third sector" in page and "35%" in page and "1 My money, finding out how much" in page


def test_workshops_in_search_follow_their_audience(app, login_as):
    member, other = factories.user("practitioner"), factories.user("practitioner")
    partner = factories.user("partner")
    in_progress = fw.workshop(participants=[member], title="Zebrafinch workshop")
    published = fw.workshop(status="published", visibility="staff", title="Zebrafinch published")
    db.session.commit()
    from champions.search import enqueue

    enqueue("workshop", in_progress.id)
    enqueue("workshop", published.id)
    db.session.commit()
    jobs.process_pending()

    def found(person):
        return {hit.doc_id for hit in index.query(person, "Zebrafinch").hits}

    assert found(member) == {f"workshop:{in_progress.id}", f"workshop:{published.id}"}
    assert found(other) == {f"workshop:{published.id}"}
    assert found(partner) == set()


def test_the_review_reminder_is_sent_once_on_the_day(app, runner):
    member = factories.user("practitioner")
    workshop = fw.workshop(participants=[member], review_on=date.today())
    db.session.commit()
    assert "1 workshop" in runner.invoke(args=["workshops", "reminders"]).output
    assert "0 workshops" in runner.invoke(args=["workshops", "reminders"]).output
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "workshop_review_due")).all()
    assert sorted(told) == sorted([member.id, workshop.facilitator_id])


def test_a_reader_who_may_not_see_a_linked_team_exercise_does_not_see_it_in_the_trace(client, login_as):
    c = _chain()
    db.session.add_all([WorkshopLink(source_id=c["team"].id, target_id=c["managers"].id),
                        WorkshopLink(source_id=c["managers"].id, target_id=c["seniors"].id)])
    db.session.commit()
    url = f"/workshops/{c['seniors'].id}/you-said-we-did"

    login_as(c["senior"])  # reads the senior managers' exercise in progress, not the team exercise
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Not yet published" in page
    assert "North Team exercise" not in page and "Finance forms take weeks" not in page
    assert "No team exercise is linked to this one yet." in page

    login_as(c["team"].facilitator)  # a champion reads both
    page = client.get(url).get_data(as_text=True)
    assert "North Team exercise" in page and "Finance forms take weeks" in page

    # Published for staff: the record's whole trace is shared with its audience (the issue's "you said, we did").
    assert client.post(f"/workshops/{c['seniors'].id}/publish", data={"visibility": "staff"}).status_code == 302
    login_as(c["senior"])
    page = client.get(url).get_data(as_text=True)
    assert "North Team exercise" in page and "Finance forms take weeks" in page


def test_the_trace_queries_do_not_grow_with_linked_team_exercises(client, login_as, count_queries):
    c = _chain()
    db.session.add_all([WorkshopLink(source_id=c["team"].id, target_id=c["managers"].id),
                        WorkshopLink(source_id=c["managers"].id, target_id=c["seniors"].id)])
    db.session.commit()
    login_as(c["senior"])  # not a champion: whether each team exercise shows is asked of its participants

    def page_queries():
        with count_queries() as counter:
            response = client.get(f"/workshops/{c['seniors'].id}/you-said-we-did")
        assert response.status_code == 200
        return counter.count

    one = page_queries()
    for n in range(3):
        team = fw.workshop("team", participants=[factories.user("practitioner"), c["senior"]], title=f"Team {n}")
        fw.card(team, f"Challenge {n}")
        db.session.add(WorkshopLink(source_id=team.id, target_id=c["managers"].id))
    db.session.commit()
    assert page_queries() == one
