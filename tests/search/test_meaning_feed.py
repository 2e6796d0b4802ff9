"""PostgreSQL: every app server's copy of the sign bits follows edits, hidden and removed documents.

Each process keeps the documents' sign bits and permission fields in memory (postgres_meaning.SignCache)
and reads only what changed since it last looked. A copy loaded before a change stands for another
app server: after its next look it must agree with a copy loaded afresh.
"""
from __future__ import annotations

import numpy as np
import pytest

from champions import permissions
from champions.extensions import db
from champions.search import embeddings, index, jobs
from champions.search.engine import engine
from champions.search.postgres_meaning import SignCache
from tests import factories
from tests.factories_search import change_note, note

EACH_SEARCH_BACKEND = True  # the PostgreSQL run only (tests/search/conftest.py); Whoosh has no change feed

QUERY = "paying a relative to be a PA"


@pytest.fixture
def postgres_app(app):
    if app.config["SEARCH_BACKEND"] != "postgres":
        pytest.skip("PostgreSQL backend only (Whoosh reads its own index files)")
    return app


def _nearest(cache: SignCache, reader, text: str = QUERY) -> list[str]:
    vector = embeddings.embed_query(text)
    cache.refresh()
    return cache.nearest(np.packbits(vector > 0).tobytes(), permissions.visible_levels(reader), reader.id,
                         permissions.user_groups(reader), None, None, 50)


def _commit():
    db.session.commit()
    jobs.process_pending()


def _loaded() -> SignCache:
    cache = SignCache()
    cache.refresh()
    return cache


def test_a_copy_loaded_earlier_sees_edited_hidden_and_removed_documents(postgres_app):
    practitioner, champion = factories.user("practitioner"), factories.user("champion")
    relative = note(title="Employing a relative as a personal assistant", body="Hiring a family member as a PA.")
    gym = note(title="Gym membership after a stroke", body="Paying for exercise through a direct payment.")
    other = note(title="Short breaks for unpaid carers", body="How a carer gets a break funded.")
    _commit()
    earlier = _loaded()  # another app server, before the changes
    assert f"note:{relative}" in _nearest(earlier, practitioner)

    change_note(gym, title="Paying a cousin as a personal assistant", body="A family member employed as a PA.")
    change_note(relative, visibility="champions")
    change_note(other, withdrawn=True)
    _commit()
    fresh = _loaded()
    for reader in (practitioner, champion):
        assert _nearest(earlier, reader) == _nearest(fresh, reader)
    seen = _nearest(earlier, practitioner)
    assert f"note:{relative}" not in seen and f"note:{other}" not in seen and f"note:{gym}" in seen
    assert f"note:{relative}" in _nearest(earlier, champion)
    assert f"note:{other}" not in earlier.slot
    before = earlier.seen
    assert earlier.refresh() == 0 and earlier.seen == before  # nothing new: nothing read

    index.rebuild()  # every row deleted and written again
    assert _nearest(earlier, champion) == _nearest(_loaded(), champion)
    assert f"note:{other}" not in earlier.slot


def test_a_copy_that_is_behind_never_shows_a_hidden_document(postgres_app, monkeypatch):
    """The candidates are read again with the reader's permission condition, so a late copy cannot leak."""
    practitioner = factories.user("practitioner")
    relative = note(title="Employing a relative as a personal assistant", body="Hiring a family member as a PA.")
    _commit()
    assert f"note:{relative}" in [h.doc_id for h in index.query(practitioner, QUERY).hits]
    change_note(relative, visibility="champions")
    _commit()
    signs = engine().signs
    monkeypatch.setattr(signs, "refresh", lambda: 0)  # this server has not looked yet
    # The late copy still offers the note to a practitioner: only the second, SQL look keeps it out.
    assert f"note:{relative}" in signs.nearest(
        np.packbits(embeddings.embed_query(QUERY) > 0).tobytes(), permissions.visible_levels(practitioner),
        practitioner.id, permissions.user_groups(practitioner), None, None, 50)
    results = index.query(practitioner, QUERY)
    assert f"note:{relative}" not in [h.doc_id for h in results.hits] and results.total == 0
    assert not index.similar(practitioner, QUERY, kind="note")


def test_a_new_worker_reads_the_sign_bits_before_its_first_request(postgres_app):
    """gunicorn's post_worker_init warms each worker, so its first search does not pay for the first read."""
    from champions.search.engine import warm

    practitioner = factories.user("practitioner")
    relative = note(title="Employing a relative as a personal assistant", body="Hiring a family member as a PA.")
    _commit()
    signs = engine(postgres_app).signs
    signs._clear()  # as a worker just forked, before any search
    warm(postgres_app)
    assert signs.seen > 0
    assert f"note:{relative}" in signs.nearest(
        np.packbits(embeddings.embed_query(QUERY) > 0).tobytes(), permissions.visible_levels(practitioner),
        practitioner.id, permissions.user_groups(practitioner), None, None, 50)
