"""The personal Atom feed and the weekly digest."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlalchemy import select

from champions.extensions import db
from champions.outbox.models import OutboxMessage
from champions.timeutil import utcnow
from champions.updates.digest import send_weekly_digest
from champions.updates.models import DigestSubscription, FeedToken
from tests import factories_practice as fp

ATOM = "{http://www.w3.org/2005/Atom}"


def _new_feed_url(client) -> str:
    page = client.post("/updates/feed/new").text
    return re.search(r'value="(http[^"]+\.atom)"', page).group(1).replace("http://localhost", "")


def test_feed_is_valid_atom_with_only_visible_updates(client, login_as):
    fp.update(title="Visible update")
    fp.update(title="Hidden update", hidden=True, hidden_reason="Wrong")
    db.session.commit()
    login_as("champion")  # even a champion's feed leaves hidden updates out
    url = _new_feed_url(client)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == ["Visible update"]
    for name in ("id", "title", "updated", "link"):
        assert entries[0].find(f"{ATOM}{name}") is not None
    assert b"News from us" not in response.data  # titles and links only, never the text


def test_only_a_hash_is_stored_and_revoking_stops_the_feed(client, login_as):
    user = login_as("partner")
    url = _new_feed_url(client)
    token = url.rsplit("/", 1)[1].removesuffix(".atom")
    row = db.session.scalar(select(FeedToken).where(FeedToken.user_id == user.id))
    assert row.token_hash != token and token not in row.token_hash
    assert client.get(url).status_code == 200
    client.post("/updates/feed/revoke")
    assert client.get(url).status_code == 404


def test_renewing_replaces_the_old_address(client, login_as):
    login_as("practitioner")
    old = _new_feed_url(client)
    new = _new_feed_url(client)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_feed_stops_when_owner_is_deactivated(client, login_as):
    user = login_as("practitioner")
    url = _new_feed_url(client)
    user.active = False
    db.session.commit()
    assert client.get(url).status_code == 404


def test_unknown_token_is_not_found(client):
    assert client.get("/updates/feed/not-a-real-token.atom").status_code == 404


def test_digest_opt_in_sends_once_a_week(app, client, login_as):
    user = login_as("practitioner")
    fp.update(title="This week's news")
    fp.update(title="Old news", created_at=utcnow() - timedelta(days=10))
    fp.update(title="Hidden news", hidden=True)
    db.session.commit()
    client.post("/updates/feed/digest", data={"weekly_digest": "y"})
    assert db.session.scalar(select(DigestSubscription).where(DigestSubscription.user_id == user.id))
    assert send_weekly_digest() == 1
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == user.email))
    assert "This week's news" in message.body and "Old news" not in message.body and "Hidden news" not in message.body
    assert send_weekly_digest() == 0  # not twice in the same week
    assert send_weekly_digest(utcnow() + timedelta(days=7)) == 0  # nothing new in the following week
    client.post("/updates/feed/digest", data={})
    assert db.session.scalar(select(DigestSubscription)) is None


def test_digest_reads_subscribers_and_organisations_in_fixed_queries(app, count_queries):
    """Sending the digest costs the same SELECTs for 2 subscribers and 2 organisations as for 8 and 8."""
    from tests import factories

    selects = []
    for n in (2, 8):
        for _ in range(n):
            fp.update(organisation=factories.organisation(kind="partner"))
            db.session.add(DigestSubscription(user=factories.user("practitioner")))
        db.session.commit()
        db.session.expunge_all()
        with count_queries() as counter:
            assert send_weekly_digest() == n  # those from the first round already had this week's
        selects.append(sum(1 for s in counter.statements if s.lstrip().upper().startswith("SELECT")))
    assert selects[0] == selects[1], selects


def test_digest_command(runner, login_as, client):
    login_as("practitioner")
    fp.update()
    db.session.commit()
    client.post("/updates/feed/digest", data={"weekly_digest": "y"})
    result = runner.invoke(args=["updates", "digest"])
    assert "Queued the weekly digest for 1 person." in result.output


def test_feed_page_warns_to_keep_it_private(client, login_as):
    login_as("partner")
    page = client.get("/updates/feed").text
    assert "Your personal feed address" in page and "Keep this address private" in page


def test_feed_and_home_panel_load_organisations_with_the_updates(client, login_as, count_queries):
    """The feed and the home panel cost the same SQL with 2 organisations' updates or 12 (no N+1)."""
    from tests import factories

    login_as("practitioner")
    url = _new_feed_url(client)
    counts: dict[str, list[int]] = {}
    for n in (2, 10):
        for _ in range(n):
            fp.update(organisation=factories.organisation(kind="partner"))
        db.session.commit()
        for path in (url, "/"):
            db.session.expunge_all()  # nothing left over in the identity map from creating them
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            counts.setdefault(path, []).append(counter.count)
    assert all(first == second for first, second in counts.values()), counts
