"""Search from the reader's side, on each backend: permissions, ranking, language, page."""
from __future__ import annotations

import pytest

from champions.extensions import db
from champions.search import index
from tests import factories
from tests.factories_search import app, note  # noqa: F401  (app: one run per backend)

ROLES = ("practitioner", "partner", "champion", "admin")


def test_finds_a_note_and_highlights(app):
    reader = factories.user("practitioner")
    note(title="Paying a personal assistant", body="How do direct payments work for a PA employer?")
    db.session.commit()
    results = index.query(reader, "payment")
    assert [h.title for h in results.hits] == ["Paying a personal assistant"]
    assert "<mark>payments</mark>" in results.hits[0].snippet
    assert results.total == 1 and results.counts == {"note": 1}
