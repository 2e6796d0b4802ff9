"""Foundation in the browser: each demo account signs in and out, navigation by role, keyboard, axe-core."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# email, display name, role (from champions/auth/demo.py)
ACCOUNTS = [
    ("admin@example.org", "Alex Morgan", "admin"),
    ("champion@example.org", "Chris Campbell", "champion"),
    ("practitioner@example.org", "Priya Shah", "practitioner"),
    ("partner@example.org", "Pat Robertson", "partner"),
    ("newstarter@example.org", "Nina Stewart", "practitioner"),
]


def nav_labels(page) -> list[str]:
    return [text.strip() for text in page.locator("nav.site-nav a").all_inner_texts()]


# Through the form: an account with a second step (from a remembered device) and one without. What each
# role's menu holds, and that /admin/ is refused, are checked for every role in tests/main/test_navigation.py.
FORM_ACCOUNTS = [ACCOUNTS[0], ACCOUNTS[2]]


@pytest.mark.parametrize("email, name, role", FORM_ACCOUNTS, ids=[a[0].split("@")[0] for a in FORM_ACCOUNTS])
def test_demo_account_signs_in_sees_its_navigation_and_signs_out(page, sign_in_with_form, email, name, role):
    """Sign in through the form, see your name and your menu, then sign out."""
    sign_in_with_form(page, email)
    expect(page.get_by_text(f"Signed in as {name}.")).to_be_visible()
    expect(page.locator("nav.user-menu").get_by_text(name)).to_be_visible()
    labels = nav_labels(page)
    assert labels[0] == "Home"
    expect(page.locator("nav.site-nav a[aria-current=page]")).to_have_text("Home")
    assert ("Admin" in labels) == (role == "admin")

    page.locator("nav.user-menu").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.locator("nav.site-nav")).to_have_count(0)
    page.goto("/")
    assert "/auth/sign-in" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to SDS Champions Hub")


def test_sign_in_page_is_accessible(page, assert_accessible):
    """The empty sign-in form has no WCAG 2.2 AA problems that axe can find."""
    page.goto("/auth/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to SDS Champions Hub")
    assert_accessible(page)


def test_wrong_password_shows_errors_keeps_the_email_and_is_accessible(page, assert_accessible):
    """A failed sign-in shows the error summary and the message by the field, keeping the email."""
    page.goto("/auth/sign-in")
    page.locator("input[name=email]").fill("practitioner@example.org")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main").get_by_role("button", name="Sign in").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#password-error")).to_be_visible()
    assert page.locator("input[name=email]").input_value() == "practitioner@example.org"
    assert page.title().startswith("Error:")
    assert_accessible(page)


def test_empty_sign_in_shows_errors_and_is_accessible(page, assert_accessible):
    """Submitting nothing explains what is missing, by each field."""
    page.goto("/auth/sign-in")
    page.locator("main").get_by_role("button", name="Sign in").click()
    # Wait for the answer to the post (a busy machine once read the page before it came back).
    expect(page.locator(".error-summary li").first).to_be_visible()
    expect(page.locator(".form-group--error").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("email, name, role", ACCOUNTS, ids=[a[0].split("@")[0] for a in ACCOUNTS])
def test_home_page_is_accessible_for_each_role(page, sign_in, assert_accessible, email, name, role):
    """The home page (with its role's panels) has no WCAG problems axe can find."""
    sign_in(page, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {name}")
    assert_accessible(page)


def test_profile_page_is_accessible(page, sign_in, assert_accessible, live_url):
    """Your profile page has no WCAG problems axe can find."""
    url = live_url("auth.profile")
    assert url is not None, "auth.profile is missing"
    sign_in(page, "practitioner@example.org", url)
    expect(page.get_by_text("Priya Shah").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("endpoint", ["admin.index", "admin.users"])
def test_admin_pages_are_accessible(page, sign_in, assert_accessible, live_url, endpoint):
    """The admin dashboard and user list have no WCAG problems axe can find."""
    url = live_url(endpoint)
    assert url is not None, f"{endpoint} is missing"
    sign_in(page, "admin@example.org")
    response = page.goto(url)
    assert response.status == 200
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, sign_in):
    """Keyboard users can jump past the header straight to the content."""
    sign_in(page, "champion@example.org")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent.trim()]")
    assert focused == ["skip-link", "Skip to main content"]
    box = page.locator(".skip-link").bounding_box()
    assert box and box["width"] > 50 and box["height"] >= 24  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    # The next stop is inside main, not back in the header.
    assert page.evaluate("() => document.getElementById('main-content').contains(document.activeElement)")


def test_focus_is_clearly_visible_on_links(page, sign_in):
    """A focused link gets the yellow background (the GOV.UK focus style)."""
    sign_in(page, "practitioner@example.org")
    link = page.locator("nav.site-nav a").first
    link.focus()
    background = link.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 221, 0)"


@pytest.mark.parametrize("width, label", [(1280, "desktop"), (375, "mobile")])
def test_screenshots_of_sign_in_and_home(page, sign_in, screenshot_dir, width, label):
    """Screenshots for a person to look at (saved under screenshot_dir), and no sideways scrolling."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/auth/sign-in")
    page.screenshot(path=str(screenshot_dir / f"sign-in-{label}.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    sign_in(page, "champion@example.org")
    page.screenshot(path=str(screenshot_dir / f"home-champion-{label}.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    print(f"screenshots in {screenshot_dir}")
