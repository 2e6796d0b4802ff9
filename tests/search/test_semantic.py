"""Search by meaning (issue 15): hybrid ranking, permissions, synonyms, odd input and the offline model."""
from __future__ import annotations

import socket

import pytest

from champions.extensions import db
from champions.search import embeddings, hybrid, index, jobs, synonyms
from champions.search.models import SearchSynonym
from tests import factories
from tests.factories_search import note

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)


def ids(results) -> list[str]:
    return [hit.doc_id for hit in results.hits]


def words_only(app, on: bool):
    app.config["SEARCH_SEMANTIC"] = not on


# A small fixed set: each query says what a document says mostly in other words, and shares a word
# with a document about something else.
CORPUS = {
    "pa": ("Employing a relative as a personal assistant", "Rules for hiring a close relative through option 1."),
    "respite": ("Short breaks for unpaid carers", "How a carer gets a break funded."),
    "audit": ("Half-year audit of direct payment accounts", "Finance checks balances and recovers surplus."),
    "transition": ("Transitions at 18", "Planning for a young person leaving children's social work."),
    "d1": ("My daughter's school report", "A note about the school."),
    "d2": ("Overview of the office move", "Where the team will sit."),
    "d3": ("Families at the summer fair", "Photos from the day."),
    "d4": ("Teenager football club", "Fixtures for the season."),
}
QUERIES = [
    ("overview of money left in accounts", "audit"),
    ("breaks for families", "respite"),
    ("families needing a break from caring", "respite"),
    ("hiring family as a PA", "pa"),
]


def _corpus():
    made = {key: note(title=title, body=body) for key, (title, body) in CORPUS.items()}
    db.session.commit()
    jobs.process_pending()  # indexed (with their vectors) before the words-only search below
    return {key: f"note:{number}" for key, number in made.items()}


def _ranks(reader, made) -> list[int | None]:
    found = [ids(index.query(reader, text)) for text, _ in QUERIES]
    return [hits.index(made[key]) + 1 if made[key] in hits else None for hits, (_, key) in zip(found, QUERIES)]


def test_the_hybrid_puts_the_meaning_first_more_often_than_words_alone(app):
    reader = factories.user("practitioner")
    made = _corpus()
    words_only(app, True)
    try:
        lexical = _ranks(reader, made)
    finally:
        words_only(app, False)
    hybrid = _ranks(reader, made)
    assert hybrid == [1] * len(QUERIES), hybrid
    assert sum(1 / r for r in hybrid) > sum(1 / r for r in lexical if r), (lexical, hybrid)


def test_meaning_never_reaches_past_permissions(app):
    """A document the reader may not see is never shown, counted or suggested, however near in meaning."""
    practitioner, partner, champion = (factories.user(r) for r in ("practitioner", "partner", "champion"))
    secret = note(title="Employing a relative as a personal assistant", body="Hiring a family member as a PA.",
                  visibility="champions")
    staff = note(title="Paying a family member to provide care", body="A close relative employed as a PA.",
                 visibility="staff")
    draft = note(title="Paying my cousin as a PA", body="A draft.", visibility="champions",
                 owner_id=practitioner.id)
    db.session.commit()
    query = "paying a relative to be a PA"
    seen = index.query(practitioner, query)
    assert f"note:{secret}" not in ids(seen) and f"note:{staff}" in ids(seen) and f"note:{draft}" in ids(seen)
    assert seen.total == len(seen.hits)
    by_partner = index.query(partner, query)
    assert by_partner.total == 0 and not by_partner.hits and not by_partner.counts
    assert not index.similar(partner, query, kind="note")
    assert f"note:{secret}" not in [h.doc_id for h in index.similar(practitioner, query, kind="note")]
    assert f"note:{secret}" in ids(index.query(champion, query))


@pytest.fixture
def no_cached_synonyms():
    """Each worker keeps the synonym list for a few seconds: start and end each test without it."""
    hybrid.forget_synonyms()
    yield
    hybrid.forget_synonyms()


def test_synonyms_find_the_other_words_and_champions_edit_them(app, no_cached_synonyms):
    reader = factories.user("practitioner")
    fund = note(title="Option 2 budgets", body="The council holds an individual service fund for the person.")
    db.session.commit()
    words_only(app, True)
    try:
        assert f"note:{fund}" not in ids(index.query(reader, "ISF"))
        champion = factories.user("champion")
        synonyms.save(champion, "ISF, individual service fund")
        db.session.commit()
        assert ids(index.query(reader, "ISF"))[:1] == [f"note:{fund}"]
        assert ids(index.query(reader, "isf rules"))[:1] == [f"note:{fund}"]
    finally:
        words_only(app, False)


@pytest.mark.parametrize("text", ["", "   ", "the and of a", "🙂🙂 respite 🙂", "<script>alert(1)</script>", "x" * 5000,
                                  "respite " * 300, "\x00\x01 carer", '"unclosed quote', "a OR b -c & | ! :*",
                                  "'); DROP TABLE search_document; --"])
def test_odd_queries_never_error(app, text):
    reader = factories.user("practitioner")
    note(title="Respite for carers", body="Short breaks.")
    db.session.commit()
    results = index.query(reader, text)
    assert not results.unavailable
    index.similar(reader, text or "x", kind="note")


def test_the_model_loads_from_the_installed_package_with_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model = embeddings.WordLlamaEmbedder()
    vectors = model.embed(["paying a family member as a PA", "employing a relative as a personal assistant",
                           "hospital discharge"])
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_without_a_model_search_matches_words(app, monkeypatch):
    reader = factories.user("practitioner")
    found = note(title="Respite for carers", body="Short breaks.")
    db.session.commit()
    monkeypatch.setattr(embeddings, "_loaded", {"model": None})
    assert ids(index.query(reader, "respite")) == [f"note:{found}"]
    assert ids(index.query(reader, "time off for someone looking after their husband")) == []


def test_a_synonym_group_needs_two_terms_and_no_personal_data(app, client, login_as, no_cached_synonyms):
    login_as("champion")
    page = client.post("/search/synonyms", data={"terms": "PA"}).get_data(as_text=True)
    assert "Enter at least two words or phrases" in page and 'value="PA"' in page
    page = client.post("/search/synonyms", data={"terms": "PA, 07700 900123"}).get_data(as_text=True)
    assert "personal details" in page
    response = client.post("/search/synonyms", data={"terms": " DP ,direct   payment, dp "})
    assert response.status_code == 302
    assert db.session.query(SearchSynonym).one().terms == "DP, direct payment"
