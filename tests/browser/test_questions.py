"""Questions in a real browser: ask, answer, endorse, accept; axe-core on the main pages."""
from __future__ import annotations

from playwright.sync_api import expect


def test_ask_answer_endorse_accept(page, browser, live_server, sign_in, assert_accessible):
    title = "Browser journey: can a PA be paid for training days?"
    sign_in(page, "practitioner@example.org", "/questions/new")
    page.get_by_role("button", name="Post your question").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Enter your question")
    assert_accessible(page)
    page.get_by_label("Your question").fill(title)
    page.get_by_label("Details").fill("A person employing PAs wants them trained in moving and handling.")
    page.get_by_label("Personal assistants").check()
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_text("Your question has been posted")).to_be_visible()
    question_url = page.url

    champion = browser.new_context(base_url=live_server).new_page()
    sign_in(champion, "champion@example.org", question_url)
    champion.get_by_role("textbox", name="Your answer").fill("Yes: training that keeps the person safe is a reasonable use of the budget.")
    champion.get_by_role("button", name="Post your answer").click()
    expect(champion.get_by_text("Your answer has been posted")).to_be_visible()
    expect(champion.get_by_role("button", name="Endorse")).to_have_count(0)  # not their own answer

    admin = browser.new_context(base_url=live_server).new_page()
    sign_in(admin, "admin@example.org", question_url)
    admin.get_by_role("button", name="Endorse").click()
    expect(admin.get_by_text("Endorsed by Alex Morgan, SDS Champion")).to_be_visible()

    page.goto(question_url)
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("Answer accepted")).to_be_visible()
    expect(page.locator(".question .status").first).to_have_text("Resolved")
    assert_accessible(page)
    page.goto("/questions/")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)


def test_close_as_duplicate_offers_matching_titles_as_the_champion_types(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/questions/")
    page.get_by_role("link", name="Can a PA be paid for sleepover nights?").click()
    page.goto(page.url.split("#")[0].rstrip("/") + "/close")
    page.get_by_label("Duplicate of another question").check()
    page.get_by_label("Search question titles").press_sequentially("direct payment", delay=30)
    matches = page.get_by_role("group", name="Questions with those words in their title")
    expect(matches).to_be_visible()  # offered without pressing "Search titles"
    expect(matches.get_by_label("Do people pay a contribution towards a direct payment?", exact=False)).to_be_visible()
    assert_accessible(page)
    matches.get_by_label("Do people pay a contribution towards a direct payment?", exact=False).check()
    page.get_by_role("button", name="Close question").click()
    expect(page.get_by_text("The question is closed")).to_be_visible()
    expect(page.get_by_role("link", name="Do people pay a contribution towards a direct payment?")).to_be_visible()


def test_a_double_click_posts_one_answer_and_preview_still_works(page, live_server, sign_in, assert_accessible):
    sign_in(page, "practitioner@example.org", "/questions/new")
    page.get_by_label("Your question").fill("Browser journey: does a double click post twice?")
    page.get_by_role("button", name="Post your question").dblclick()
    expect(page.get_by_text("Your question has been posted")).to_be_visible()
    text = "Only once: a double click sends the form a single time."
    page.get_by_role("textbox", name="Your answer").fill(text)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview of your answer")).to_be_visible()
    # The heading can show before the page's scripts have run (a busy machine): the guard is in hub.js.
    page.wait_for_load_state("load")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    # Two clicks 50 ms apart on the same button, before the page has changed.
    with page.expect_navigation():
        page.get_by_role("button", name="Post your answer").evaluate(
            "button => { button.click(); setTimeout(() => button.click(), 50); }")
    expect(page.get_by_text("Your answer has been posted")).to_be_visible()
    expect(page.locator(".answer .prose", has_text=text)).to_have_count(1)
    assert len(posts) == 1, posts  # the second click was not sent
    # The author withdraws it after confirming; it stays, marked as withdrawn.
    page.get_by_role("link", name="Withdraw your answer").click()
    expect(page.get_by_role("heading", name="Withdraw your answer?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw my answer").click()
    expect(page.get_by_text("You withdrew this answer")).to_be_visible()
    expect(page.get_by_role("button", name="Put my answer back")).to_be_visible()
    page.goto("/search/?tag=No+such+tag&q=double")
    expect(page.get_by_text("No tag called ‘No such tag’. Choose one from the list.")).to_be_visible()
    assert_accessible(page)


def test_similar_questions_appear_while_typing_a_title(page, sign_in, assert_accessible):
    """similar.js fetches /questions/similar (the address the ask page gives it) as the title is typed."""
    sign_in(page, "practitioner@example.org", "/questions/new")
    page.get_by_label("Your question").fill("Can a family member be paid as a personal assistant?")
    similar = page.locator(".similar-questions")
    expect(similar).to_contain_text("Similar questions already asked")
    expect(similar.get_by_role("link", name="Can a family member be paid as a personal assistant under option 1?")).to_be_visible()
    assert_accessible(page)
