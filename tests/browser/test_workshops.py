"""Workshops in Chromium: a facilitator and two participants run a team exercise live (cards appear on the
board without a reload; a card moved with the keyboard alone), then the managers' and senior managers'
exercises, then a practitioner reads "you said, we did"; axe-core on the board, pages with errors and the
published page."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from champions.extensions import db

FACILITATOR = "champion2@example.org"


def _make(live_app, kind, title, participants, **kwargs) -> int:
    """An exercise facilitated by the demo's second champion, with these demo participants (by email)."""
    from champions.auth.models import User
    from champions.workshops import service
    from champions.workshops.models import Cluster, Workshop

    with live_app.app_context():
        facilitator = User.by_email(FACILITATOR)
        workshop = Workshop(kind=kind, title=title, held_on=service.today(), facilitator_id=facilitator.id,
                            created_by_id=facilitator.id, **kwargs)
        db.session.add(workshop)
        service.set_participants(workshop, [User.by_email(e).id for e in participants], None)
        if kind == "team":
            for name in ("Paperwork", "Money"):
                db.session.add(Cluster(workshop=workshop, side="challenge", name=name))
        db.session.commit()
        return workshop.id


def _signed_in_page(browser, live_server, sign_in, email):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return sign_in(context.new_page(), email)


def _add_card(page, text):
    page.get_by_label("Challenge", exact=True).check()
    page.get_by_label("Your card").fill(text)
    page.get_by_role("button", name="Add the card").click()
    expect(page.get_by_text("Card added.")).to_be_visible()


def test_a_team_exercise_run_live_with_the_keyboard(page, browser, live_server, live_app, sign_in, assert_accessible):
    workshop_id = _make(live_app, "team", "Browser journey: live team exercise",
                        ["practitioner@example.org", "worker.south@example.org"])
    url = f"/workshops/{workshop_id}"
    sign_in(page, FACILITATOR, url)
    assert_accessible(page)
    one = _signed_in_page(browser, live_server, sign_in, "practitioner@example.org")
    two = _signed_in_page(browser, live_server, sign_in, "worker.south@example.org")
    one.goto(url)
    two.goto(url)
    one.get_by_role("button", name="Add the card").click()  # nothing written: the error, the page still usable
    expect(one.locator(".error-summary")).to_contain_text("Write your idea on the card")
    assert_accessible(one)
    _add_card(one, "Finance forms take weeks")
    _add_card(two, "Nobody explains option 2")

    board = page.locator("#board")  # the facilitator never reloads: the live board polls
    expect(board).to_contain_text("Finance forms take weeks", timeout=15_000)
    expect(board).to_contain_text("Nobody explains option 2", timeout=15_000)

    # Keyboard only: focus the card's "Move to" list, choose Money by typing, Tab to Move, press Enter.
    page.get_by_label("Move to (card: Finance forms take weeks)").focus()
    page.keyboard.press("m")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Moved to Money: Finance forms take weeks")).to_be_visible()
    money = page.locator(".workshop-cluster", has=page.get_by_role("heading", name=re.compile("^Money")))
    expect(money).to_contain_text("Finance forms take weeks")
    assert_accessible(page)
    one.context.close()
    two.context.close()


def test_the_chain_to_you_said_we_did(page, browser, live_server, live_app, sign_in, assert_accessible):
    managers = _make(live_app, "managers", "Browser journey: managers", ["manager.north@example.org"], visibility="staff")
    senior = _make(live_app, "senior", "Browser journey: senior managers", ["head.service@example.org"],
                   visibility="staff")
    sign_in(page, FACILITATOR, f"/workshops/{managers}")
    page.get_by_label("Take items from").select_option(label="North Locality Team: SDS advantages and challenges")
    page.get_by_role("button", name="Take the items").click()
    expect(page.locator("#starting ~ .table-wrapper").first).to_contain_text("Agree a two-week approval time with finance")

    manager = _signed_in_page(browser, live_server, sign_in, "manager.north@example.org")
    manager.goto(f"/workshops/{managers}/items/senior_issue/new")
    manager.get_by_role("button", name="Save").click()
    expect(manager.locator(".error-summary")).to_contain_text("Enter the issue")
    assert_accessible(manager)
    manager.get_by_label("The issue").fill("Browser journey: faster approvals")
    manager.get_by_label("From the starting list").select_option(label="Agree a two-week approval time with finance")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("cell", name="Browser journey: faster approvals", exact=True)).to_be_visible()
    manager.context.close()

    page.goto(f"/workshops/{senior}")
    page.get_by_label("Take items from").select_option(label="Browser journey: managers")
    page.get_by_role("button", name="Take the items").click()
    head = _signed_in_page(browser, live_server, sign_in, "head.service@example.org")
    head.goto(f"/workshops/{senior}")
    head.get_by_role("link", name=re.compile("^Answer.*Browser journey: faster approvals")).click()
    head.get_by_role("button", name="Save").click()
    expect(head.locator(".error-summary")).to_contain_text("Choose answer as")
    assert_accessible(head)
    head.get_by_label("Quick win").check()
    head.get_by_label("What will be done").fill("Browser journey: finance approves within ten days")
    head.get_by_role("button", name="Save").click()
    expect(head.locator(".workshop-count")).to_contain_text("1 quick win")
    assert_accessible(head)
    head.context.close()

    page.reload()
    page.get_by_label("All staff").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="You said, we did")).to_be_visible()

    reader = _signed_in_page(browser, live_server, sign_in, "practitioner@example.org")
    reader.goto(f"/workshops/{senior}/you-said-we-did")
    expect(reader.locator("main")).to_contain_text("Direct payment forms take weeks to approve")
    expect(reader.locator("main")).to_contain_text("Browser journey: finance approves within ten days")
    assert_accessible(reader)
    reader.context.close()


def test_a_mention_in_a_workshop_item_typed_with_the_keyboard(page, live_app, sign_in, assert_accessible):
    from champions.workshops.models import Cluster

    workshop_id = _make(live_app, "team", "Browser journey: mentions", ["practitioner@example.org"])
    with live_app.app_context():
        cluster_id = db.session.scalar(db.select(Cluster.id).where(Cluster.workshop_id == workshop_id))
    sign_in(page, "practitioner@example.org")
    page.goto(f"/workshops/{workshop_id}/items/our_action/new?cluster={cluster_id}")
    text = page.get_by_label("What we will do")
    text.focus()
    page.keyboard.type("@Chris Cam")
    option = page.get_by_role("option", name=re.compile("Chris Campbell"))
    expect(option).to_have_attribute("aria-selected", "true")
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.keyboard.type("checks the audit dates")
    page.get_by_role("button", name="Save").click()
    link = page.locator("main").get_by_role("link", name="@Chris Campbell", exact=True)
    expect(link).to_have_attribute("href", re.compile(r"^/people/\d+$"))
    assert_accessible(page)
