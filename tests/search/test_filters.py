"""Issue 11: choosing a tag by name, an unknown tag said so, past-the-end pages, status in results, one sort."""
from __future__ import annotations

import re

import pytest

from champions.extensions import db
from champions.questions.search import documents_for
from champions.search import enqueue
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _questions(n, title="Direct payment question", tags=()):
    asker = factories.user("practitioner")
    made = [fq.question(asker, title=f"{title} number {i}", body="About direct payments.", tags=tags)
            for i in range(n)]
    for q in made:
        enqueue("question", q.id)
    db.session.commit()
    return made


def test_the_tag_filter_is_a_list_of_names_and_takes_a_name_or_a_slug(client, login_as):
    tag = fq.tag("Direct payments", slug="direct-payments")
    fq.tag("Carers", slug="carers")
    tagged = _questions(1, "Paying a relative", tags=[tag])[0]
    _questions(1, "Paying a neighbour")
    login_as("practitioner")
    form = client.get("/search/").get_data(as_text=True)
    assert '<select class="select" id="search-tag" name="tag">' in form
    assert '<optgroup label="Topics">' in form and '<option value="direct-payments">Direct payments</option>' in form
    assert '<optgroup label="Partner update categories">' in form
    for asked in ("Direct payments", "direct payments", "direct-payments"):
        page = client.get("/search/", query_string={"q": "paying", "tag": asked}).get_data(as_text=True)
        assert "1 result" in page and tagged.title in page and "Paying a neighbour" not in page, asked
        assert 'Showing only content tagged <strong class="tag">Direct payments</strong>' in page
        assert '<option value="direct-payments" selected>Direct payments</option>' in page


def test_an_unknown_tag_is_said_not_to_exist_and_not_applied(client, login_as):
    _questions(2, "Paying a relative")
    login_as("practitioner")
    page = client.get("/search/", query_string={"q": "paying", "tag": "Direct paymnets"}).get_data(as_text=True)
    assert "No tag called ‘Direct paymnets’" in page
    assert "Showing only content tagged" not in page and "2 results" in page


def test_a_page_past_the_end_goes_to_the_last_page(client, login_as):
    _questions(23)
    login_as("practitioner")
    page = client.get("/search/?q=direct&page=99").get_data(as_text=True)
    assert "Nothing matched" not in page and "Showing 21 to 23 of 23" in page
    assert 'aria-current="page" href="/search/?page=2' in page
    assert "Showing 1 to 20 of 23" in client.get("/search/?q=direct").get_data(as_text=True)


def test_results_show_a_questions_status_in_words(client, login_as):
    resolved, answered, closed, open_ = _questions(4, "Respite budget")
    fq.answer(answered)
    resolved.accepted_answer_id = fq.answer(resolved).id
    resolved.status = "resolved"
    closed.closed_reason = "out_of_scope"
    for q in (resolved, answered, closed):
        enqueue("question", q.id)
    db.session.commit()
    login_as("practitioner")
    page = client.get("/search/?q=respite").get_data(as_text=True)
    for q, label in ((resolved, "Resolved"), (answered, "Answered"), (closed, "Closed"), (open_, "Open")):
        row = re.search(rf'{re.escape(q.title)}</a></h3>\s*<p class="meta">(.*?)</p>', page, re.S).group(1)
        assert f'>{label}</strong>' in row, (label, row)


def test_sort_is_offered_once(client, login_as):
    _questions(1)
    login_as("practitioner")
    page = client.get("/search/?q=direct").get_data(as_text=True)
    assert page.count("Newest first") == 1 and 'id="search-sort"' in page


def test_a_withdrawn_answer_is_not_searchable():
    q = fq.question(title="Paying a carer for short breaks")
    fq.answer(q, body="Use the respite budget", withdrawn_at=q.created_at)
    assert "respite budget" not in documents_for(q.id)[0].body
