"""Search snippets show what a person reads on the page, not the Markdown they typed."""
from __future__ import annotations

from champions.extensions import db
from champions.search import enqueue
from tests import factories_practice as make


def test_snippet_of_a_partner_update_has_no_markdown_symbols(client, login_as):
    update = make.update(title="Drop-in sessions",
                         body="Every **Wednesday morning** for anyone thinking about a *direct payment*.")
    enqueue("update", update.id)
    db.session.commit()
    login_as("practitioner")
    page = client.get("/search/?q=wednesday").get_data(as_text=True)
    assert "Drop-in sessions" in page
    assert "**" not in page
    assert "<mark>Wednesday</mark> morning" in page
