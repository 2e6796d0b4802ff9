"""Search in a real browser: from the header, filter by type, open a result; axe with and without results."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_search_from_the_header_filter_and_open_a_result(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org")
    page.get_by_label("Search the Hub").fill("payment")
    page.locator(".site-search").get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_contain_text(re.compile(r"\d+ results?"))
    assert_accessible(page)
    page.locator(".search-filters").get_by_role("link", name=re.compile(r"^Questions \(")).click()
    expect(page.locator(".search-filters [aria-current]").first).to_contain_text("Questions")
    first = page.locator(".search-result__title a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(title[:30])


def test_no_results_page_is_accessible_and_offers_to_ask(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/search/?q=xylophonequartz")
    expect(page.get_by_text("Nothing matched")).to_be_visible()
    expect(page.get_by_role("link", name="Ask this as a question")).to_be_visible()
    assert_accessible(page)
