"""@mentions in workshop items: only people who may read the workshop, linked to their profile, told once."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.workshops.models import Item
from tests import factories
from tests import factories_workshops as fw
from tests.pages import date_boxes


def _titles(person) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.user_id == person.id)))


def _setup():
    colleague = factories.user("practitioner", display_name="Morag Bell")
    outsider = factories.user("practitioner", display_name="Iain Outwith")
    writer = factories.user("practitioner", display_name="Kirsty Shaw")
    workshop = fw.workshop(participants=[writer, colleague], title="North Team: SDS challenges")
    cluster = fw.cluster(workshop, "Paperwork")
    db.session.commit()
    return workshop, cluster, writer, colleague, outsider


def test_a_mention_in_an_item_links_to_the_profile_and_tells_the_participant(client, login_as):
    workshop, cluster, writer, colleague, outsider = _setup()
    login_as(writer)
    response = client.post(f"/workshops/{workshop.id}/items/our_action/new?cluster={cluster.id}",
                           data={"text": "@Morag Bell drafts one template for *every* review"})
    assert response.status_code == 302
    assert _titles(colleague) == ["Kirsty Shaw mentioned you in the workshop North Team: SDS challenges"]
    item = db.session.scalar(select(Item))
    note = db.session.scalar(select(Notification).where(Notification.user_id == colleague.id))
    assert note.url == f"/workshops/{workshop.id}#item-{item.id}" and note.subject == f"workshop:{workshop.id}"
    page = client.get(f"/workshops/{workshop.id}").text
    assert (f'<li id="item-{item.id}"><a href="/people/{colleague.id}" rel="nofollow noopener noreferrer">'
            f'@Morag Bell</a> drafts one template for <em>every</em> review') in page
    assert f'href="/people/{colleague.id}"' in client.get(f"/workshops/{workshop.id}/print").text
    fw.card(workshop, "Too many forms", cluster_=cluster)
    db.session.commit()
    you_said = client.get(f"/workshops/{workshop.id}/you-said-we-did").text
    assert f'<a href="/people/{colleague.id}" rel="nofollow noopener noreferrer">@Morag Bell</a>' in you_said
    assert _titles(outsider) == []


def test_mentioning_someone_who_cannot_see_the_workshop_is_refused_with_the_text_kept(client, login_as):
    workshop, cluster, writer, colleague, outsider = _setup()
    login_as(writer)
    page = client.post(f"/workshops/{workshop.id}/items/unresolved/new?cluster={cluster.id}",
                       data={"text": "Ask @Iain Outwith about charging"})
    assert page.status_code == 200
    assert "Iain Outwith cannot see this, so you cannot mention them here" in page.text
    assert 'class="error-summary' in page.text and "Ask @Iain Outwith about charging" in page.text
    assert db.session.scalar(select(Item)) is None and _titles(outsider) == []


def test_a_champion_may_be_mentioned_and_editing_tells_only_the_newly_mentioned(client, login_as):
    workshop, cluster, writer, colleague, outsider = _setup()
    champion = factories.user("champion", display_name="Ailsa Grant")
    db.session.commit()
    login_as(writer)
    client.post(f"/workshops/{workshop.id}/items/managers_action/new?cluster={cluster.id}",
                data={"text": "@Morag Bell asks for audit dates"})
    item = db.session.scalar(select(Item))
    response = client.post(f"/workshops/items/{item.id}/edit", data={
        "version": str(item.version), "text": "@Morag Bell and @Ailsa Grant ask for audit dates"})
    assert response.status_code == 302
    assert len(_titles(colleague)) == 1
    assert _titles(champion) == ["Kirsty Shaw mentioned you in the workshop North Team: SDS challenges"]
    assert f'href="/people/{champion.id}"' in client.get(f"/workshops/{workshop.id}").text


def test_a_mention_in_the_action_now_is_checked_and_told(client, login_as):
    workshop, cluster, writer, colleague, outsider = _setup()
    login_as(workshop.facilitator)
    data = {"owner": str(writer.id), **date_boxes("due_on", date.today() + timedelta(days=14))}
    refused = client.post(f"/workshops/clusters/{cluster.id}/action-now",
                          data={"what": "Ask @Iain Outwith for the dates", **data})
    assert "Iain Outwith cannot see this, so you cannot mention them here" in refused.text
    client.post(f"/workshops/clusters/{cluster.id}/action-now", data={"what": "Ask @Morag Bell for the dates", **data})
    assert any("mentioned you in the workshop" in title for title in _titles(colleague))


def test_suggestions_offer_only_people_who_may_read_the_workshop(client, login_as):
    workshop, cluster, writer, colleague, outsider = _setup()
    factories.user("champion", display_name="Morris Champion")
    other = fw.workshop(title="Somebody else's exercise")
    db.session.commit()
    login_as(writer)

    names = [p["name"] for p in client.get(f"/people/suggest?q=mor&workshop={workshop.id}").get_json()]
    assert names == ["Morag Bell", "Morris Champion"]
    assert [p["name"] for p in client.get(f"/people/suggest?q=iain&workshop={workshop.id}").get_json()] == []
    assert client.get(f"/people/suggest?q=mor&workshop={other.id}").status_code == 404
    form = client.get(f"/workshops/{workshop.id}/items/our_action/new?cluster={cluster.id}").text
    assert f'data-url="/people/suggest?workshop={workshop.id}"' in form
