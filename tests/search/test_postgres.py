"""PostgreSQL backend details: capped counts shown as "N+", and planner settings put back after a search."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from champions.extensions import db
from champions.search import index
from tests import factories
from tests.factories_search import note

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)


@pytest.fixture
def postgres_app(app):
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("PostgreSQL backend only (Whoosh counts are exact)")
    return app


def test_counts_past_the_cap_are_shown_as_more_than(postgres_app, client, login_as, monkeypatch):
    from champions.search import postgres_backend

    monkeypatch.setattr(postgres_backend, "COUNT_CAP", 3)
    for n in range(5):
        note(title=f"Respite plan {n}", body="Short breaks for a carer.")
    note(title="Respite for partners", body="Shared.", visibility="partners")
    db.session.commit()
    results = index.query(factories.user("practitioner"), "respite")
    assert results.total == 3 and results.total_is_estimate and results.counts_capped["note"]
    assert len(results.hits) == 6  # the page itself is complete: only the count is capped
    login_as("practitioner")
    page = client.get("/search/?q=respite").get_data(as_text=True)
    assert "More than 3 results" in page and "(3+)" in page


def test_planner_settings_are_restored_after_a_search(postgres_app):
    note(title="Budget review", body="Annual review.")
    db.session.commit()
    before = db.session.execute(text("SELECT current_setting('enable_seqscan'), current_setting('jit')")).one()
    assert index.query(factories.user("practitioner"), "budget").total == 1
    after = db.session.execute(text("SELECT current_setting('enable_seqscan'), current_setting('jit')")).one()
    assert tuple(after) == tuple(before)


def _common(engine, shares: dict, rows_per_page: float = 1.0) -> None:
    """Tell the engine how common words are (as pg_stats would after ANALYZE), for the next searches."""
    import time

    engine.shares.shares, engine.shares.rows_per_page = shares, rows_per_page
    engine.shares.read_at = time.monotonic()


def test_common_words_read_in_table_order_find_the_same_results(postgres_app, monkeypatch):
    """Matches of common words found by reading the table in order (no index bitmap) are the ones the
    index finds: same hits, same order, same counts, and nothing the reader may not see."""
    from champions.search import postgres_ranking

    monkeypatch.setattr(postgres_ranking, "COUNT_CAP", 4)  # so the cap is reached with a few notes
    for n in range(8):
        note(title=f"Respite week {n}", body="Short breaks." + (" A carer's view." if n % 3 == 0 else ""))
        note(title=f"Respite draft {n}", body="A carer's plan, champions only.", visibility="champions")
        note(title=f"Carer story {n}", body="Nothing about breaks.")
    db.session.commit()
    engine, reader = index.engine(), factories.user("practitioner")
    paths = []
    real = postgres_ranking._matches
    monkeypatch.setattr(postgres_ranking, "_matches", lambda *a: paths.append(a[2]) or real(*a))

    def search(text):
        results = index.query(reader, text, per_page=50)
        return [h.doc_id for h in results.hits], results.total, results.counts

    _common(engine, {})
    by_index = {text: search(text) for text in ("respite", "respite carer")}
    assert not any(paths)
    assert by_index["respite"][0] and by_index["respite carer"][0]
    _common(engine, {"respit": 0.9, "carer": 0.6})
    paths.clear()
    in_order = {text: search(text) for text in ("respite", "respite carer")}
    assert any(paths)  # the table was read in order for these
    assert in_order == by_index
    assert not any("draft" in h.title.lower() for h in index.query(reader, "respite carer", per_page=50).hits)
    # A range that holds too few matches (a reader who may see little): the index answers after all.
    monkeypatch.setattr(engine.shares, "pages_for", lambda share, wanted: 0)
    assert {text: search(text) for text in ("respite", "respite carer")} == by_index


def _storage() -> dict[str, str]:
    """How the tsvector and the embedding are stored: m is in the row (MAIN), x may be moved out (EXTENDED)."""
    return dict(db.session.execute(text(
        "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_document'::regclass "
        "AND attname IN ('tsv', 'embedding')")).all())


def test_each_documents_words_and_meaning_are_kept_in_its_row_and_a_rebuild_puts_them_back(postgres_app):
    """Ranking reads every match's tsvector, search by meaning the candidates' embeddings: both kept in the row
    (STORAGE MAIN), not in the TOAST table. A table made before that setting is reported as an older layout,
    and a rebuild sets it and rewrites the rows."""
    long_body = " ".join(f"word{n} budget review" for n in range(400))  # a tsvector far past the 2 kB TOAST limit
    note(title="Budget review", body=long_body)
    db.session.commit()
    assert index.query(factories.user("practitioner"), "budget review").total == 1  # indexed by now
    assert _storage() == {"tsv": "m", "embedding": "m"}
    assert index.layout_problem() is None
    assert _kept_apart() < _words_size()  # whatever the TOAST table holds, it is not the tsvector

    db.session.execute(text("ALTER TABLE search_document ALTER COLUMN embedding SET STORAGE EXTENDED"))
    db.session.commit()
    assert "older layout" in index.layout_problem()
    index.rebuild()
    assert _storage() == {"tsv": "m", "embedding": "m"} and index.layout_problem() is None
    assert index.query(factories.user("practitioner"), "budget review").total == 1
    assert _kept_apart() < _words_size()


def _words_size() -> int:
    return db.session.execute(text("SELECT max(pg_column_size(tsv)) FROM search_document")).scalar()


def _kept_apart() -> int:
    """Bytes in search_document's TOAST table (values kept out of their rows)."""
    toast = db.session.execute(text(
        "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'search_document'")).scalar()
    return db.session.execute(text(f"SELECT coalesce(sum(octet_length(chunk_data)), 0) FROM {toast}")).scalar()


def test_a_tag_filter_matches_the_tag_exactly_whatever_its_characters(postgres_app):
    """The tag is looked for as written (an underscore or percent sign in it is no pattern), so a tag asked for
    never brings in another tag that a LIKE pattern would match."""
    note(title="Budget under option 2", body="Budget.", tags=["option_2"])
    note(title="Budget under a look-alike tag", body="Budget.", tags=["optionx2"])
    note(title="Budget at full rate", body="Budget.", tags=["100%"])
    note(title="Budget at one rate", body="Budget.", tags=["1000"])
    db.session.commit()
    reader = factories.user("practitioner")
    for tag, title in (("option_2", "Budget under option 2"), ("100%", "Budget at full rate")):
        for sort in ("relevance", "newest"):
            assert [h.title for h in index.query(reader, "budget", tag=tag, sort=sort).hits] == [title]
