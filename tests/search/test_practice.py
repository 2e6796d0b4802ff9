"""Practice examples and partner updates in the search index, on each backend: who finds what."""
from __future__ import annotations

from champions.extensions import db
from champions.search import enqueue, index
from tests import factories
from tests import factories_practice as make

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)



def _found(user, text, kind):
    return [hit.title for hit in index.query(user, text, kinds=[kind]).hits]


def _form(**overrides):
    data = {"title": "Kayaking club through option two", "summary": "A short summary.",
            "situation": "Someone wanted to get out more.", "action": "An individual service fund.",
            "visibility": "staff", "anonymised_confirmed": "y"}
    data.update(overrides)
    return data


def test_draft_found_by_its_author_only_then_by_champions_once_submitted_then_published(client, login_as):
    champion = factories.user("champion")
    admin = factories.user("admin")
    other = factories.user("practitioner")
    author = login_as("practitioner")
    client.post("/practice/new", data=_form())
    assert _found(author, "kayaking", "practice_example") == ["Draft: Kayaking club through option two"]
    assert _found(champion, "kayaking", "practice_example") == []  # not yet confirmed anonymised
    assert _found(admin, "kayaking", "practice_example") == []
    assert _found(other, "kayaking", "practice_example") == []
    client.post("/practice/1/submit")
    assert _found(champion, "kayaking", "practice_example") == ["Awaiting review: Kayaking club through option two"]
    assert _found(author, "kayaking", "practice_example") == ["Awaiting review: Kayaking club through option two"]
    assert _found(other, "kayaking", "practice_example") == []
    login_as(champion)
    client.post("/practice/1/publish")
    assert _found(other, "kayaking", "practice_example") == ["Kayaking club through option two"]
    partner = factories.user("partner")
    db.session.commit()
    assert _found(partner, "kayaking", "practice_example") == []  # shared with staff only
    client.post("/practice/1/archive")
    assert _found(other, "kayaking", "practice_example") == []
    assert _found(champion, "kayaking", "practice_example") == ["Archived: Kayaking club through option two"]


def test_search_page_labels_an_unpublished_example_and_hides_others_drafts(client, login_as):
    author = factories.user("practitioner")
    draft = make.example(author=author, status="draft", title="Gym membership draft",
                         situation="Recovering from a stroke.")
    returned = make.example(author=author, status="returned", title="Gym membership returned",
                            situation="Another stroke story.")
    for example in (draft, returned):
        enqueue("practice_example", example.id)
    db.session.commit()
    login_as("champion")
    page = client.get("/search/?q=stroke").text
    assert "Gym membership draft" not in page
    assert "Returned to author: Gym membership returned" in page
    login_as(author)
    page = client.get("/search/?q=stroke").text
    assert "Draft: Gym membership draft" in page and "Returned to author: Gym membership returned" in page


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
