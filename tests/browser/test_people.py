"""People and conversation in a real browser: the Menu at 320px and 200% zoom, "Needs you", a keyboard mention."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_the_menu_folds_the_navigation_at_320px_and_at_200_percent_zoom(page, sign_in, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, "practitioner@example.org")
    menu = page.get_by_role("button", name=re.compile("^Menu"))
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    questions = page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions")
    expect(questions).to_be_hidden()
    # The first screen shows content: the page heading is in view without scrolling.
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < 400
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(questions).to_be_visible()
    assert_accessible(page)

    # 200% zoom on a 1280px window is a 640 CSS px viewport: the same pattern applies.
    page.set_viewport_size({"width": 640, "height": 400})
    page.reload()
    expect(page.get_by_role("button", name=re.compile("^Menu"))).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("button", name=re.compile("^Menu"))).to_be_hidden()
    expect(questions).to_be_visible()


def test_needs_you_for_a_champion_and_for_a_practitioner(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org")
    needs = page.get_by_role("region", name="Needs you")
    expect(needs).to_be_visible()
    expect(needs.get_by_role("link").first).to_be_visible()
    assert_accessible(page)

    sign_in(page, "practitioner@example.org")
    needs = page.get_by_role("region", name="Needs you")
    expect(needs).to_be_visible()
    expect(needs).not_to_contain_text("report")
    expect(page.get_by_role("link", name="Ask a question", exact=True)).to_have_count(1)  # one primary action


def test_a_mention_typed_with_the_keyboard_alone(page, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/questions/new")
    body = page.locator("textarea[name=body]")
    body.focus()
    page.keyboard.type("Has anyone done this? @Chris Cam")
    option = page.get_by_role("option", name=re.compile("Chris Campbell"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(body).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(body).to_have_value(re.compile(r"@Chris Campbell $"))
    expect(page.get_by_role("listbox", name="People you can mention")).to_be_hidden()
