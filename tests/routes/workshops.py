"""Expected answers for the workshops blueprint: an exercise in progress whose participant is the practitioner."""
from __future__ import annotations

from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from tests import factories_workshops as fw

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
# In progress: its participants (the practitioner) and champions read it; partners may not know it exists.
READ = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
# Participants and the facilitator (an admin may facilitate any) add; a champion who is neither reads only.
CONTRIBUTE = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 403, "admin": 200}
FACILITATE = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 403, "admin": 200}
FACILITATE_POST = {**FACILITATE, "admin": 302}
CREATE = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
PUBLISHED_TO_PARTNERS = SIGNED_IN


def cases(app):
    """Each route as each role."""
    practitioner = db.session.scalar(select(User).where(User.role == "practitioner").order_by(User.id))
    team = fw.workshop("team", participants=[practitioner])
    cluster = fw.cluster(team, "Paperwork")
    other = fw.cluster(team, "Money")
    card = fw.card(team, "Too many forms", author=practitioner, cluster_=cluster)
    item = fw.item(team, "our_action", "Share one template", cluster_=cluster, author=practitioner)
    managers = fw.workshop("managers", participants=[practitioner])
    published = fw.workshop("team", status="published", visibility="partners")
    db.session.commit()
    w, p, m = team.id, published.id, managers.id
    base = f"/workshops/{w}"
    return [
        ("workshops.index", "GET", "/workshops/", SIGNED_IN),
        ("workshops.new", "GET", "/workshops/new", CREATE),
        ("workshops.new", "POST", "/workshops/new", CREATE),
        ("workshops.detail", "GET", base, READ),
        ("workshops.detail", "GET", f"/workshops/{p}", PUBLISHED_TO_PARTNERS),
        ("workshops.board", "GET", f"{base}/board", READ),
        ("workshops.you_said", "GET", f"{base}/you-said-we-did", READ),
        ("workshops.you_said", "GET", f"/workshops/{p}/you-said-we-did", PUBLISHED_TO_PARTNERS),
        ("workshops.print_view", "GET", f"{base}/print", READ),
        ("workshops.history", "GET", f"{base}/changes",
         {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}),
        ("workshops.items_csv", "GET", f"{base}/items.csv", READ),
        ("workshops.edit", "GET", f"{base}/edit", FACILITATE),
        ("workshops.edit", "POST", f"{base}/edit", FACILITATE),
        ("workshops.publish", "POST", f"{base}/publish", FACILITATE_POST),
        ("workshops.card_add", "POST", f"{base}/cards", CONTRIBUTE),
        ("workshops.card_edit", "GET", f"/workshops/cards/{card.id}/edit", CONTRIBUTE),
        ("workshops.card_edit", "POST", f"/workshops/cards/{card.id}/edit", CONTRIBUTE),
        ("workshops.card_move", "POST", f"/workshops/cards/{card.id}/move", FACILITATE_POST),
        ("workshops.cluster_add", "POST", f"{base}/clusters", FACILITATE),
        ("workshops.cluster_edit", "GET", f"/workshops/clusters/{other.id}/edit", FACILITATE),
        ("workshops.cluster_edit", "POST", f"/workshops/clusters/{other.id}/edit", FACILITATE),
        ("workshops.cluster_merge", "POST", f"/workshops/clusters/{other.id}/merge", FACILITATE),
        ("workshops.item_new", "GET", f"{base}/items/our_action/new?cluster={cluster.id}", CONTRIBUTE),
        ("workshops.item_new", "POST", f"{base}/items/our_action/new?cluster={cluster.id}", CONTRIBUTE),
        ("workshops.item_edit", "GET", f"/workshops/items/{item.id}/edit", CONTRIBUTE),
        ("workshops.item_edit", "POST", f"/workshops/items/{item.id}/edit", CONTRIBUTE),
        ("workshops.action_now", "GET", f"/workshops/clusters/{cluster.id}/action-now", FACILITATE),
        ("workshops.action_now", "POST", f"/workshops/clusters/{cluster.id}/action-now", FACILITATE),
        ("workshops.take", "POST", f"/workshops/{m}/take", FACILITATE_POST),
        ("workshops.closing", "GET", f"{base}/closing", FACILITATE),
        ("workshops.closing", "POST", f"{base}/closing", FACILITATE),
    ]
