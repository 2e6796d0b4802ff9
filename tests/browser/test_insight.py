"""Insights, content to check and the profile's data section in a real browser, checked with axe-core."""
from __future__ import annotations

from playwright.sync_api import expect


def test_insights_and_content_to_check(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    expect(page.locator("svg.insight-chart").first).to_be_visible()
    expect(page.get_by_role("heading", name="Questions asked each month")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Show insights").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a real date")
    page.get_by_role("link", name="content to check").click()
    expect(page.get_by_role("heading", name="Content to check", level=1)).to_be_visible()
    assert_accessible(page)


def test_profile_data_section(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/auth/profile")
    page.get_by_role("link", name="Download my data").click()
    expect(page.get_by_role("heading", name="Your data", level=1)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename.endswith(".zip")
