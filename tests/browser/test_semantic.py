"""Search by meaning in a real browser: a duplicate caught before posting; axe on the champions' search pages."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_a_question_already_answered_in_other_words_is_shown_before_posting(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/questions/new")
    page.get_by_label("Your question").fill("Hiring my own daughter to be my mum's PA")
    similar = page.locator(".similar-questions")
    expect(similar).to_contain_text("Similar questions already asked")
    expect(similar.get_by_role("link", name="Can a family member be paid as a personal assistant under option 1?")).to_be_visible()
    page.goto("/search/?q=paying+a+family+member+as+a+PA")
    expect(page.locator("#results-heading")).to_contain_text(re.compile(r"\d+ results?"))
    assert_accessible(page)


def test_champions_see_what_colleagues_could_not_find_and_the_synonyms(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/search/not-found")
    expect(page.get_by_role("heading", name="What colleagues searched for and did not find")).to_be_visible()
    expect(page.get_by_role("cell", name="hospital discharge and direct payments", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Ask it as a question\W+hospital discharge")).click()
    expect(page.get_by_label("Your question")).to_have_value("hospital discharge and direct payments")
    page.goto("/search/synonyms")
    expect(page.get_by_role("cell", name="PA, personal assistant", exact=True)).to_be_visible()
    assert_accessible(page)
