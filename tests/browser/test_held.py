"""Held for review in a real browser: a confirmed CHI number is held, a champion releases it; axe on the pages."""
from __future__ import annotations

from playwright.sync_api import expect


def test_a_confirmed_chi_is_held_then_released_by_a_champion(page, browser, live_server, sign_in, assert_accessible):
    title = "Browser journey: respite budget for a person with CHI 0101011237?"
    sign_in(page, "practitioner@example.org", "/questions/new")
    page.get_by_label("Your question").fill(title)
    page.get_by_label("Details").fill("Can the budget pay for short breaks?")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_text("a CHI number").first).to_be_visible()
    page.get_by_label("I confirm this is not about an identifiable person").check()
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_text("held for a champion to check").first).to_be_visible()
    expect(page.get_by_role("region", name="Held question")).to_contain_text("CHI number in Your question")
    assert_accessible(page)
    question_url = page.url

    champion = browser.new_context(base_url=live_server).new_page()
    sign_in(champion, "champion@example.org", "/moderation/")
    champion.get_by_role("link", name="Held for review").click()
    expect(champion.get_by_role("heading", name="Held for review", level=1)).to_be_visible()
    item = champion.locator(".moderation-item", has_text=title)
    expect(item).to_contain_text("CHI number in Your question")
    assert_accessible(champion)
    item.get_by_role("button", name="as written").click()
    expect(champion.get_by_text("Released: the question is published as written.")).to_be_visible()
    assert_accessible(champion)
    page.goto(question_url)
    expect(page.get_by_role("region", name="Held question")).to_have_count(0)
