"""Issue 11: the beta banner's request for feedback leads somewhere, with or without an email address."""
from __future__ import annotations

import pytest

from champions.config import from_environment

pytestmark = pytest.mark.usefixtures("app")


def test_without_an_email_the_banner_links_to_a_question_to_the_champions_prefilled(app, client, login_as):
    login_as("practitioner")
    page = client.get("/").get_data(as_text=True)
    assert '<a href="/questions/new?title=Feedback+about+the+Hub:">Tell the SDS Champions what would make it better</a>' in page
    ask = client.get("/questions/new?title=Feedback+about+the+Hub:").get_data(as_text=True)
    assert 'value="Feedback about the Hub:"' in ask


def test_with_a_feedback_email_the_banner_offers_it(app, client):
    app.config["FEEDBACK_EMAIL"] = "sds-hub@example.org"
    try:
        page = client.get("/auth/sign-in").get_data(as_text=True)  # signed out too
    finally:
        app.config["FEEDBACK_EMAIL"] = ""
    assert '<a href="mailto:sds-hub@example.org?subject=Feedback%20about%20the%20Hub">Email us your feedback</a>' in page


def test_the_feedback_email_comes_from_the_environment(tmp_path):
    settings = from_environment(str(tmp_path), env={"DEMO": "1", "FEEDBACK_EMAIL": " sds-hub@example.org "})
    assert settings["FEEDBACK_EMAIL"] == "sds-hub@example.org"
    assert from_environment(str(tmp_path), env={"DEMO": "1"})["FEEDBACK_EMAIL"] == ""
