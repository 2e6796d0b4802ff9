"""Self-evaluation in a real browser: a lead starts one, two contributors rate and link evidence, the lead
agrees and publishes, a practitioner reads it; axe-core on the form with errors and the main pages."""
from __future__ import annotations

import re

from playwright.sync_api import expect

S3 = "Standard 3: Strengths- and asset-based assessment, planning and review"
S10 = "Standard 10: Early planning for transitions"
TITLE = "Browser journey: South Locality Team"


def _standard_link(page, text: str, standard: str):
    return page.get_by_role("link", name=re.compile(rf"^{re.escape(text)}.*{re.escape(standard)}"))


def _rate(page, evaluation_url: str, standard: str, rating: str, words: str) -> None:
    page.goto(evaluation_url)
    _standard_link(page, "Rate this standard", standard).click()
    page.get_by_label(rating, exact=True).check()
    page.get_by_label("What this looks like here").fill(words)
    page.get_by_role("button", name="Save your rating").click()
    expect(page.get_by_text("Your rating of")).to_be_visible()


def test_start_rate_link_agree_publish_and_read(page, browser, live_server, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/self-evaluation/new")
    page.get_by_label(S3).check()
    page.get_by_label(S3).check()
    page.get_by_role("button", name="Start the evaluation").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose the one team being evaluated")
    expect(page.locator(".error-summary")).to_contain_text("Choose at least one contributor")
    assert_accessible(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label(re.compile(r"^South Locality Team")).check()
    page.get_by_label(S10).check()
    page.get_by_label(re.compile(r"^Priya Shah")).check()
    page.get_by_label(re.compile(r"^Jamie Fraser")).check()
    page.get_by_role("button", name="Start the evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    evaluation_url = page.url

    priya = browser.new_context(base_url=live_server).new_page()
    sign_in(priya, "practitioner@example.org")
    _rate(priya, evaluation_url, S3, "4 Good", "Good conversations happen at most first visits.")
    priya.goto(evaluation_url)
    _standard_link(priya, "Add evidence", S3).click()
    priya.get_by_label(re.compile("^Search practice examples")).fill("good conversation")
    priya.get_by_role("button", name="Search for evidence").click()
    priya.get_by_role("button", name=re.compile("^Link as evidence: What is a good conversation")).click()
    expect(priya.get_by_text("Evidence linked.")).to_be_visible()
    priya.context.close()

    jamie = browser.new_context(base_url=live_server).new_page()
    sign_in(jamie, "champion2@example.org")
    _rate(jamie, evaluation_url, S3, "5 Very good", "Strong, but not yet everywhere.")
    _rate(jamie, evaluation_url, S10, "3 Adequate", "Planning often starts too late.")
    jamie.goto(evaluation_url)
    _standard_link(jamie, "Add evidence", S10).click()
    jamie.get_by_label("Evidence in your own words").fill("Audit of 10 transitions: planning started by age 16 in 6.")
    jamie.get_by_role("button", name="Add this evidence").click()
    expect(jamie.get_by_text("Evidence added.")).to_be_visible()
    jamie.context.close()

    page.goto(evaluation_url)
    expect(page.get_by_text("The ratings range from 4 to 5: contributors disagree.")).to_be_visible()
    for standard, rating in ((S3, "4 Good"), (S10, "3 Adequate")):
        page.goto(evaluation_url)
        _standard_link(page, "Agree the rating", standard).click()
        page.get_by_label(rating, exact=True).check()
        page.get_by_label("Reason for the agreed rating").fill("Weighed the audit and both contributors' views.")
        page.get_by_role("button", name="Save the agreed rating").click()
        expect(page.get_by_text("Agreed rating saved")).to_be_visible()
    page.get_by_role("button", name="Publish the evaluation").click()
    expect(page.get_by_text("Evaluation published.")).to_be_visible()

    reader = browser.new_context(base_url=live_server).new_page()
    sign_in(reader, "morag.fraser@example.org", evaluation_url)
    expect(reader.get_by_role("heading", name="Agreed rating: 4 Good")).to_be_visible()
    expect(reader.get_by_role("link", name="What is a good conversation at the first visit?")).to_be_visible()
    assert_accessible(reader)
    reader.context.close()


def test_partnership_view_and_change_chart_are_accessible(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/self-evaluation/partnership")
    expect(page.get_by_role("heading", level=1)).to_have_text("The partnership view")
    assert_accessible(page)
    page.get_by_role("link", name="Change over time for North Locality Team").click()
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Standard 4")
    assert_accessible(page)
