"""The new starter continues their induction from the home page, finishes a module with its check, and sees progress change."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_new_starter_completes_a_module(page, sign_in, assert_accessible):
    sign_in(page, "newstarter@example.org")
    panel = page.locator("section", has=page.get_by_role("heading", name="Continue your induction"))
    expect(panel).to_contain_text("1 of 5 modules completed")
    panel.get_by_role("link", name=re.compile("^Continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Options 3 and 4")  # resumes at the first lesson not done
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("My reflections")).fill("Option 4 lets people mix: useful for my first review.")
    page.get_by_role("button", name="Save my reflections").click()
    expect(page.locator(".notification-banner")).to_contain_text("Only you can see them")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helping someone choose")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge check")
    page.get_by_role("button", name="Check my answers").click()  # nothing chosen
    expect(page.locator(".error-summary")).to_contain_text("Answer question 1")
    assert_accessible(page)
    page.get_by_label("Option 1: a direct payment").check()
    page.get_by_label("The council or a third party").check()
    page.get_by_label("A mix of options 1, 2 and 3").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You passed")
    expect(page.locator("main")).to_contain_text("You answered 3 of 3 questions correctly")
    assert_accessible(page)
    page.get_by_role("link", name="Back to your induction").click()
    expect(page.locator("main")).to_contain_text("2 of 5 modules completed")
    expect(page.locator(".task-list")).to_contain_text("Completed")
    assert_accessible(page)
    page.goto("/induction/log")
    expect(page.locator("main")).to_contain_text("Option 4 lets people mix")
    assert_accessible(page)


def test_report_is_accessible(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org")
    page.get_by_role("link", name=re.compile(r"Induction: \d+ overdue")).click()
    expect(page.locator("main")).to_contain_text("Callum Fraser")
    expect(page.locator("main")).to_contain_text("Overdue")
    assert_accessible(page)


def test_champion_sees_earlier_versions_of_a_lesson(page, sign_in, assert_accessible):
    sign_in(page, "champion@example.org", "/induction/manage")
    page.locator("main").get_by_role("link", name=re.compile("Self-directed Support and the 2013 Act")).click()
    page.get_by_role("link", name="Edit What Self-directed Support is").click()
    body = page.get_by_label("Lesson text")
    original = body.input_value()
    body.fill(original + "\n\nBrowser edit: a sentence added by a champion.")
    page.get_by_role("button", name="Save lesson").click()
    expect(page.get_by_text("Lesson saved.")).to_be_visible()
    page.get_by_role("link", name="Changes to What Self-directed Support is").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Changes to")
    details = page.locator("details").first
    details.locator("summary").click()
    expect(details).to_contain_text(original.splitlines()[0])
    assert_accessible(page)


def test_new_starter_marks_a_lesson_complete_and_finds_the_reflection_in_the_log(page, sign_in, assert_accessible):
    """The reflection and 'Mark as complete' are one form; leaving with unsaved text asks first."""
    sign_in(page, "newstarter@example.org")
    # A lesson of module 4: the journey above resumes at module 2, which this must not disturb.
    page.goto("/induction/")
    page.get_by_role("link", name=re.compile("Budgets and delegated authority")).click()
    page.locator("main").get_by_role("link", name=re.compile("Budgets and flexibility")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgets and flexibility")
    box = page.get_by_role("textbox", name=re.compile("My reflections"))
    box.click()
    box.press_sequentially("Ask about the budget early so the person can plan.")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "Stay on page"

    page.on("dialog", stay)
    page.get_by_role("link", name=re.compile("^Next")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgets and flexibility")
    assert dialogs == ["beforeunload"]
    expect(box).to_have_value("Ask about the budget early so the person can plan.")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as complete").click()  # submitting the form does not ask
    expect(page.locator(".notification-banner")).to_contain_text("Your reflections are saved")
    assert dialogs == ["beforeunload"]
    page.goto("/induction/log")
    expect(page.locator("main")).to_contain_text("Ask about the budget early so the person can plan.")
    expect(page.locator("main")).to_contain_text("Budgets and flexibility")


def test_publishing_a_new_module_shows_who_it_affects_and_is_accessible(page, sign_in, assert_accessible):
    """The champion sees whose induction a draft would join before choosing; nothing is published here."""
    sign_in(page, "champion@example.org", "/induction/manage/modules/new")
    page.get_by_label("Title").fill("Browser: working with carers")
    page.get_by_role("button", name="Save module").click()
    page.get_by_role("link", name="Add a lesson").click()
    page.get_by_label("Title").fill("Carers' rights")
    page.get_by_label("Lesson text").fill("Carers have a right to an adult carer support plan.")
    page.get_by_role("button", name="Save lesson").click()
    expect(page.locator("#publish-impact")).to_contain_text("reopens 1 completed and")
    page.locator("main").get_by_role("link", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish")
    expect(page.locator("#assign-impact")).to_contain_text("reopens 1 completed and")
    expect(page.get_by_role("radio", name=re.compile("^Only people who have not finished"))).to_be_checked()
    assert_accessible(page)
