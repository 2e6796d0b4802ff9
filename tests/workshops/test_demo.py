"""The demo chain: two team exercises, the managers' and senior managers' exercises, published; one in progress."""
from __future__ import annotations

from sqlalchemy import select

from champions.auth import demo as auth_demo
from champions.auth.models import User
from champions.extensions import db
from champions.workshops import demo, trace
from champions.workshops.models import Workshop


def test_the_demo_chain_is_complete_and_safe_to_run_twice(app, client, login_as):
    auth_demo.seed()
    demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()
    workshops = db.session.scalars(select(Workshop).order_by(Workshop.id)).all()
    assert [w.kind for w in workshops] == ["team", "team", "managers", "senior", "team"]
    senior = workshops[3]
    assert senior.is_published and trace.quick_wins(senior) == 3
    assert len(senior.items_in("authority_action")) == 2
    assert {w.id for w in senior.sources} == {workshops[2].id}
    assert {w.id for w in workshops[2].sources} == {workshops[0].id, workshops[1].id}
    assert not workshops[4].is_published
    login_as(User.by_email("practitioner@example.org"))
    page = client.get(f"/workshops/{senior.id}/you-said-we-did").get_data(as_text=True)
    assert "Direct payment forms take weeks to approve" in page and "Finance commits to approve" in page
    assert "Quick win" in page and "Authority action" in page
