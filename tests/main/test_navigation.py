"""The main navigation by role, and signing out (moved from the browser's sign-in journeys: no JavaScript in it).

The browser still signs in and out through the form for an account with a second step and one without
(tests/browser/test_foundation.py); what each role's menu holds is the server's answer, checked here.
"""
from __future__ import annotations

import re

import pytest


def _nav_links(page: str) -> list[tuple[str, str]]:
    """(label, the <a> tag) for each link of the main navigation, in order."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)
    assert nav, "no main navigation on the page"
    links = re.findall(r"(<a\b[^>]*>)(.*?)</a>", nav.group(0), re.S)
    return [(re.sub(r"<[^>]+>.*?</[^>]+>|<[^>]+>", "", text, flags=re.S).strip(), tag) for tag, text in links]


@pytest.mark.parametrize("role", ["admin", "champion", "practitioner", "partner"])
def test_each_role_sees_home_first_and_current_and_the_admin_link_only_if_admin(client, login_as, role):
    login_as(role)
    links = _nav_links(client.get("/").text)
    labels = [label for label, _ in links]
    assert labels[0] == "Home"
    assert 'aria-current="page"' in links[0][1]
    assert [label for label, tag in links if 'aria-current="page"' in tag] == ["Home"]
    assert ("Admin" in labels) == (role == "admin")
    if role != "admin":
        assert client.get("/admin/").status_code in (403, 404)


def test_a_new_starter_sees_a_practitioners_navigation(client, login_as):
    """Someone who joined today (the demo's new starter) has the same menu as any practitioner."""
    login_as("practitioner")
    practitioner = [label for label, _ in _nav_links(client.get("/").text)]
    client.post("/auth/sign-out")
    from champions.timeutil import utcnow

    login_as("practitioner", created_at=utcnow())
    assert [label for label, _ in _nav_links(client.get("/").text)] == practitioner


def test_signing_out_ends_the_session_and_the_home_page_asks_to_sign_in(client, login_as):
    login_as("partner")
    response = client.post("/auth/sign-out", follow_redirects=True)
    assert "You have signed out." in response.text
    assert 'class="site-nav"' not in response.text
    home = client.get("/")
    assert home.status_code == 302 and "/auth/sign-in" in home.headers["Location"]
    assert "Sign in to SDS Champions Hub" in client.get(home.headers["Location"]).text
