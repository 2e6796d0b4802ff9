"""At 320 CSS px (a small phone), pages with tables fit the screen: wide tables scroll inside their own region.

WCAG 2.2 reflow (1.4.10): content is readable at 320 CSS px without scrolling the whole page sideways.
A data table may scroll on its own, in a region a keyboard user can focus and scroll.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from champions.auth.models import User
from champions.extensions import db
from champions.meetings.models import Action
from champions.practice.models import PracticeTransition

PHONE = {"width": 320, "height": 800}  # the narrowest width WCAG 1.4.10 asks content to reflow to

# Too wide elements: named in the failure so the fix is easy to find.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrapper'))
    .filter(el => getComputedStyle(el).position !== 'fixed' && !el.closest('.visually-hidden'))
    .slice(0, 8)
    .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`
               + ` right=${Math.round(el.getBoundingClientRect().right)}`);
}"""


def _id(live_app, query) -> int:
    with live_app.app_context():
        return db.session.scalar(query)


def _meeting_with_actions():
    # Actions agreed at a workshop have no meeting.
    return select(Action.meeting_id).where(Action.meeting_id.isnot(None)).order_by(Action.meeting_id)


def _workshop(kind):
    from champions.workshops.models import Workshop

    return lambda: select(Workshop.id).where(Workshop.kind == kind).order_by(Workshop.id).limit(1)


def _practice_example_with_history():
    return select(PracticeTransition.example_id).order_by(PracticeTransition.example_id)


def _champion():
    return select(User.id).where(User.email == "champion@example.org")


def _assert_fits(page, path: str):
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}: this role cannot test it"
    assert page.url.endswith(path.split("?")[0]) or path in page.url, f"{path} went to {page.url}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], (
        f"{path} is {scroll_width}px wide on a {PHONE['width']}px screen; too wide: {page.evaluate(_OVERFLOWING)}")


def _assert_tables_scroll_in_a_focusable_region(page, path: str, at_least: int = 0):
    """Every table sits in a labelled region that takes keyboard focus, so it can be scrolled without a mouse."""
    tables = page.locator("main table")
    assert tables.count() >= at_least, f"expected a table on {path}"
    for i in range(tables.count()):
        wrapper = tables.nth(i).locator("xpath=..")
        assert "table-wrapper" in (wrapper.get_attribute("class") or ""), f"table {i + 1} on {path} is not in a .table-wrapper"
        assert wrapper.get_attribute("role") == "region" and wrapper.get_attribute("tabindex") == "0", path
        caption = tables.nth(i).locator("caption").inner_text()
        assert wrapper.get_attribute("aria-label") == caption, f"table {i + 1} on {path}: the region is not named as the table"


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture(scope="module")
def phone_as(browser, live_server, sign_in):
    """phone_as("admin"): a phone-width page signed in as that demo account, one per account for this module.

    The page tests below only look: they share a signed-in page instead of each starting a browser context
    and signing in (a context and a sign-in cost about as much as the page being checked)."""
    pages = {}

    def _phone(who):
        if who not in pages:
            context = browser.new_context(base_url=live_server, viewport=PHONE)
            context.set_default_timeout(10_000)
            pages[who] = sign_in(context.new_page(), f"{who}@example.org")
        return pages[who]

    yield _phone
    for opened in pages.values():
        opened.context.close()


# (who, path, how many tables the demo data gives at least)
PAGES = [
    ("champion", "/induction/report", 1), ("champion", "/induction/manage", 1), ("champion", "/meetings/", 0),
    ("champion", "/meetings/actions", 1), ("admin", "/meetings/standing-updates", 1),
    ("champion", "/questions/tags/manage", 1), ("champion", "/practice/review", 1), ("champion", "/practice/due", 1),
    ("admin", "/admin/", 1), ("admin", "/admin/users", 1), ("admin", "/admin/organisations", 1),
    ("admin", "/admin/invitations", 0), ("admin", "/admin/audit", 1),
    ("jamie.reid", "/induction/statement", 1),  # has completed every module
    ("practitioner", "/workshops/", 1),
]


@pytest.mark.parametrize("who, path, tables", PAGES)
def test_pages_with_tables_fit_a_phone(phone_as, assert_accessible, who, path, tables):
    phone = phone_as(who)
    _assert_fits(phone, path)
    _assert_tables_scroll_in_a_focusable_region(phone, path, at_least=tables)
    assert_accessible(phone)


@pytest.mark.parametrize("who, path, query, tables", [
    ("champion", "/meetings/{}", _meeting_with_actions, 1),
    ("champion", "/practice/{}/history", _practice_example_with_history, 1),
    ("admin", "/admin/users/{}", _champion, 0),  # the demo has no audit history about a user
    ("champion", "/workshops/{}", _workshop("team"), 0),  # the board of cards
    ("champion", "/workshops/{}", _workshop("senior"), 3),
    ("practitioner", "/workshops/{}/you-said-we-did", _workshop("senior"), 2),
])
def test_pages_for_one_thing_with_tables_fit_a_phone(phone_as, assert_accessible, live_app, who, path, query, tables):
    """A meeting with actions, a practice example's history, a user's page with their recent activity."""
    path = path.format(_id(live_app, query()))
    phone = phone_as(who)
    _assert_fits(phone, path)
    _assert_tables_scroll_in_a_focusable_region(phone, path, at_least=tables)
    assert_accessible(phone)


def test_a_wide_table_scrolls_inside_its_region_with_the_keyboard(phone, sign_in):
    """The induction report's table is wider than a phone: it scrolls in its region, not the page."""
    sign_in(phone, "champion@example.org", "/induction/report")
    region = phone.get_by_role("region", name="Induction progress by person")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("End")
    # Chromium animates keyboard scrolling: wait for it rather than reading scrollLeft at once.
    phone.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for name in ("organisation", "team", "status"):
        box = phone.locator(f"select#{name}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"the {name} filter runs off screen"


LONG_NAME = "Maximilianbartholomew" * 5 + "Smithersonjones"  # 120 characters and no space to break at
LONG_LINE = "budget_line_for_personal_assistant_holiday_cover_" * 5  # a 250-character line of code


def _long_name_people(live_app) -> dict[str, int]:
    """A champion with a 120-character name (older accounts may have one), in the induction and a meeting,
    an organisation and team with 100-character names, and a question with a long line of code."""
    from champions import markdown
    from champions.auth.models import Organisation, Team
    from champions.induction import progress
    from champions.questions.models import Question
    from champions.timeutil import utcnow

    with live_app.app_context():
        person = db.session.scalar(select(User).where(User.display_name == LONG_NAME))
        if person is None:
            org = Organisation(name="Organisation" * 8 + "Name", kind="council")
            db.session.add(org)
            db.session.flush()
            team = Team(name="Team" * 25, organisation_id=org.id)
            db.session.add(team)
            db.session.flush()
            person = User(email="long.name@example.org", display_name=LONG_NAME, role="champion",
                          organisation_id=org.id, team_id=team.id, email_confirmed_at=utcnow())
            person.set_password("sds-demo-2027")
            db.session.add(person)
            db.session.flush()
            progress.assign_core_induction(person)
            body = f"Our spreadsheet has this formula:\n\n    {LONG_LINE}\n\nIs that right?"
            question = Question(title="A question with a long line of code in it", body=body,
                                body_html=str(markdown.render(body)), visibility="staff", author_id=person.id)
            db.session.add(question)
            db.session.commit()
        question_id = db.session.scalar(select(Question.id).where(Question.author_id == person.id))
        return {"user": person.id, "question": question_id}


def test_a_120_character_name_and_a_long_line_of_code_fit_a_phone(phone, sign_in, live_app):
    """Long unbroken text wraps: in table cells, summary lists, checkbox labels and code blocks."""
    ids = _long_name_people(live_app)
    sign_in(phone, "admin@example.org")
    for path in ("/meetings/new", "/admin/users", f"/admin/users/{ids['user']}", "/admin/organisations",
                 "/admin/audit", "/induction/report", f"/questions/{ids['question']}"):
        _assert_fits(phone, path)
    phone.goto("/induction/report")
    cell = phone.locator("main table td, main table th").filter(has_text=LONG_NAME[:40]).first
    assert cell.bounding_box()["width"] <= PHONE["width"], "the long name does not wrap in its cell"
    region = phone.get_by_role("region", name="Induction progress by person")
    assert region.evaluate("el => el.scrollWidth") < 1200, "the long name widens the whole report (it made it 1,500px)"
    for path in ("/induction/report", "/admin/users"):  # ordinary words are not broken to make room
        phone.goto(path)  # (an email address may break, as GOV.UK tables let it)
        split = phone.evaluate(_WORDS_SPLIT, "main table td, main table th")
        assert [word for word in split if len(word) < 20 and "@" not in word] == [], path
    phone.goto(f"/questions/{ids['question']}")
    assert phone.locator("main pre").first.evaluate("el => el.getBoundingClientRect().right") <= PHONE["width"]


_WORDS_SPLIT = """(selector) => {
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = el.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    let start = 0;
    for (const word of text.textContent.split(' ')) {
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + word.length);
      if (word && range.getClientRects().length > 1) split.push(word);
      start += word.length + 1;
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", [320, 700, 770, 1024])
def test_admin_dashboard_labels_never_split_mid_word(page, sign_in, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "admin@example.org", "/admin/")
    assert page.locator(".card .summary-list__key").count() >= 8
    assert page.evaluate(_WORDS_SPLIT, ".card .summary-list__key, .card h2") == []


def test_an_answer_endorsed_by_a_long_named_champion_fits_a_phone(phone, sign_in, live_app):
    """The endorsement badge names the endorser: a long name wraps inside the badge, not off the screen."""
    from champions.questions.models import Answer

    ids = _long_name_people(live_app)
    with live_app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.author_id != ids["user"]).order_by(Answer.id))
        answer.endorsed_by_id = ids["user"]
        db.session.commit()
        question_id = answer.question_id
    sign_in(phone, "practitioner@example.org")
    _assert_fits(phone, f"/questions/{question_id}")
    assert phone.locator("main .status").filter(has_text="Endorsed by").first.is_visible()
