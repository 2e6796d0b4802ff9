"""Practice examples and partner updates in the search index: who finds what."""
from __future__ import annotations

from champions.extensions import db
from champions.search import index
from tests import factories


def _found(user, text, kind):
    return [hit.title for hit in index.query(user, text, kinds=[kind]).hits]


def _form(**overrides):
    data = {"title": "Kayaking club through option two", "summary": "A short summary.",
            "situation": "Someone wanted to get out more.", "action": "An individual service fund.",
            "visibility": "staff", "anonymised_confirmed": "y"}
    data.update(overrides)
    return data


def test_draft_found_by_author_and_champions_only_then_published(client, login_as):
    champion = factories.user("champion")
    other = factories.user("practitioner")
    author = login_as("practitioner")
    client.post("/practice/new", data=_form())
    assert _found(author, "kayaking", "practice_example") == ["Kayaking club through option two"]
    assert _found(champion, "kayaking", "practice_example")
    assert _found(other, "kayaking", "practice_example") == []
    client.post("/practice/1/submit")
    login_as(champion)
    client.post("/practice/1/publish")
    assert _found(other, "kayaking", "practice_example") == ["Kayaking club through option two"]
    partner = factories.user("partner")
    db.session.commit()
    assert _found(partner, "kayaking", "practice_example") == []  # shared with staff only
    client.post("/practice/1/archive")
    assert _found(other, "kayaking", "practice_example") == []
    assert _found(champion, "kayaking", "practice_example")


def test_hidden_update_found_by_champions_only(client, login_as):
    partner = login_as("partner")
    client.post("/updates/new", data={"title": "Bursary for carers", "body": "Apply now.", "category": "funding"})
    practitioner = factories.user("practitioner")
    champion = factories.user("champion")
    db.session.commit()
    assert _found(practitioner, "bursary", "update") == ["Bursary for carers"]
    assert _found(partner, "bursary", "update") == ["Bursary for carers"]
    login_as(champion)
    client.post("/updates/1/hide", data={"reason": "Closed"})
    assert _found(practitioner, "bursary", "update") == []
    assert _found(champion, "bursary", "update") == ["Bursary for carers"]
