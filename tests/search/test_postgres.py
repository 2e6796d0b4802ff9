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
