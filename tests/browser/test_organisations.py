"""Organisation pages in a real browser: from partner updates to an organisation and its contact details."""
from __future__ import annotations

from playwright.sync_api import expect


def test_from_partner_updates_to_an_organisation(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/updates/")
    page.get_by_role("link", name="Partner organisations").click()
    expect(page.locator("h1")).to_have_text("Partner organisations")
    assert_accessible(page)
    page.get_by_role("link", name="Independent Support Tayside").click()
    expect(page.locator("h1")).to_have_text("Independent Support Tayside")
    expect(page.get_by_text("hello@independent-support.example.org")).to_be_visible()
    assert_accessible(page)
