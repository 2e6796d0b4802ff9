"""Resources and attachments in a real browser: meeting papers, a partner's leaflet reviewed, a word found in a PDF."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from champions.attachments import samples


def test_a_champion_attaches_papers_to_a_meeting(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/meetings/")
    links = page.locator("main a[href^='/meetings/']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.goto(next(href for href in links if re.fullmatch(r"/meetings/\d+", href)))
    page.get_by_role("link", name="Add a file").click()
    assert_accessible(page)
    page.locator("#file").set_input_files({
        "name": "independent-support-update.pdf", "mimeType": "application/pdf",
        "buffer": samples.pdf("Independent support update", ["Brokerage referrals are up this quarter."])})
    page.get_by_role("button", name="Upload the file").click()
    expect(page.get_by_text("‘independent-support-update.pdf’ is attached.")).to_be_visible()
    expect(page.get_by_role("link", name="independent-support-update.pdf", exact=True)).to_be_visible()
    assert_accessible(page)


def test_a_partner_submits_a_leaflet_a_champion_publishes_it_and_a_practitioner_finds_it(
        page, browser, live_server, sign_in, assert_accessible):
    title = "Browser journey: brokerage leaflet"
    sign_in(page, "partner@example.org", "/resources/new")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a title")
    assert_accessible(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("What community brokerage is and how to ask for it.")
    page.get_by_label("Leaflet").check()
    page.locator("#file").set_input_files({
        "name": "brokerage.pdf", "mimeType": "application/pdf",
        "buffer": samples.pdf("Community brokerage", ["A broker helps you find quillwort groups near you."])})
    page.get_by_label("Staff and partner organisations").check()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("An SDS Champion will review it")).to_be_visible()

    champion = browser.new_context(base_url=live_server).new_page()
    sign_in(champion, "champion@example.org", "/resources/review")
    champion.get_by_role("link", name=title).click()
    assert_accessible(champion)
    champion.get_by_role("button", name="Publish").click()
    expect(champion.get_by_text("The resource is published in the library.")).to_be_visible()
    champion.context.close()

    reader = browser.new_context(base_url=live_server).new_page()
    sign_in(reader, "practitioner@example.org", "/search/?q=quillwort")
    result = reader.locator(".search-result__title a").first
    expect(result).to_contain_text("found in the attachment ‘brokerage.pdf’")
    assert_accessible(reader)
    result.click()
    expect(reader.get_by_role("heading", name=title)).to_be_visible()
    reader.goto("/resources/")
    assert_accessible(reader)
    reader.context.close()
