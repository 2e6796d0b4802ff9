"""Notifications in a real browser: the header count, marking read, email settings, and axe-core."""
from __future__ import annotations

import re

from champions.auth.models import User
from champions.extensions import db
from champions.notifications.service import notify
from playwright.sync_api import expect

# Chromium may put a space before the colon where visually-hidden text meets visible text.
MARK_READ = re.compile(r"Mark as read\s*: New answer to: Browser question two")


def _notify_practitioner(live_app, titles):
    with live_app.app_context():
        person = User.by_email("priya.browser@example.org") or User.by_email("practitioner@example.org")
        for n, title in enumerate(titles):
            notify([person], kind="new_answer", title=title, url=f"/questions/{900 + n}", visibility="staff")
        db.session.commit()


def test_read_notifications_and_change_email_setting(page, live_app, sign_in, assert_accessible):
    _notify_practitioner(live_app, ["New answer to: Browser question one", "New answer to: Browser question two"])
    sign_in(page, "practitioner@example.org")

    header_link = page.get_by_role("navigation", name="Your account").get_by_role("link", name="Notifications")
    expect(header_link).to_contain_text("unread")
    header_link.click()

    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    item = page.locator("li", has=page.get_by_role("link", name="New answer to: Browser question two"))
    expect(item).to_contain_text("New")
    assert_accessible(page)

    page.get_by_role("button", name=MARK_READ).click()
    expect(page.get_by_text("Marked as read: New answer to: Browser question two")).to_be_visible()
    expect(page.get_by_role("button", name=MARK_READ)).to_have_count(0)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("You have no unread notifications.")).to_be_visible()

    page.get_by_role("link", name="Change how often we email you").click()
    page.get_by_label("A daily digest", exact=True).check()
    page.get_by_role("button", name="Save general setting").click()
    expect(page.get_by_text("Your email setting is saved: A daily digest.")).to_be_visible()
    expect(page.get_by_label("A daily digest", exact=True)).to_be_checked()
    assert_accessible(page)

    page.get_by_label("At once", exact=True).check()  # leave the shared demo account as it was
    page.get_by_role("button", name="Save general setting").click()
