"""Practice examples and partner updates in a real browser: the review journey, posting, and axe-core."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def _fill_example(page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Planning a move from children's to adult services early.")
    page.get_by_label("The situation").fill("A young person was about to leave school.")
    page.get_by_label("What was done").fill("Children's and adult teams planned together from age 14.")
    page.get_by_label("Early planning for transitions").check()
    page.get_by_label("I confirm this example is anonymised").check()


def test_submit_return_resubmit_publish(page, browser, live_server, sign_in, assert_accessible):
    title = "Browser journey: planning a transition early"
    sign_in(page, "practitioner@example.org", "/practice/new")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Enter a title")
    assert_accessible(page)
    _fill_example(page, title)
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Your example is submitted")).to_be_visible()
    example_url = page.url

    champion = browser.new_context(base_url=live_server).new_page()
    sign_in(champion, "champion@example.org", "/practice/review")
    champion.get_by_role("link", name=title).click()
    champion.get_by_label("What the author needs to change").fill("Please say which personal outcomes were met.")
    champion.get_by_role("button", name="Return to author").click()
    expect(champion.get_by_text("returned to its author")).to_be_visible()

    page.goto(example_url)
    expect(page.get_by_text("Please say which personal outcomes were met.")).to_be_visible()
    page.get_by_role("link", name="Edit this example").click()
    page.get_by_label("Living where and as you want").check()
    page.get_by_label("I confirm this example is anonymised").check()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Your example is submitted")).to_be_visible()

    champion.goto(example_url)
    champion.get_by_role("button", name="Publish").click()
    expect(champion.get_by_text("The example is published.")).to_be_visible()
    expect(champion.get_by_text("Published", exact=True).first).to_be_visible()
    champion.context.close()


def test_library_with_filters_and_an_example_are_accessible(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/practice/")
    page.get_by_label(re.compile(r"^Option 1: direct payment")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_contain_text("matching your filters")
    assert_accessible(page)
    page.get_by_role("link", name="A laptop through a direct payment helped someone back into work").click()
    expect(page.get_by_role("heading", name="About this example")).to_be_visible()
    assert_accessible(page)


def test_partner_posts_and_practitioner_reads(page, browser, live_server, sign_in, assert_accessible):
    title = "Browser journey: open day at the centre"
    sign_in(page, "partner@example.org", "/updates/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Events").check()
    page.get_by_label("Update").fill("Come and meet the team. Tea and cake provided.")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_text("Your update is posted.")).to_be_visible()

    reader = browser.new_context(base_url=live_server).new_page()
    sign_in(reader, "practitioner@example.org", "/updates/")
    assert_accessible(reader)
    reader.get_by_role("link", name=title).click()
    expect(reader.get_by_text("Tea and cake provided.")).to_be_visible()
    reader.get_by_role("link", name="Independent Support Tayside").first.click()
    expect(reader.get_by_role("heading", name="Contact details")).to_be_visible()
    assert_accessible(reader)
    reader.context.close()
