"""The example page never shows an empty 'Outcomes achieved' section."""
from __future__ import annotations

import re

import pytest

from champions.extensions import db
from tests import factories_practice as fp

pytestmark = pytest.mark.usefixtures("app")


def _outcomes_section(page: str) -> str:
    return re.search(r"Outcomes achieved</h2>(.*?)<h2", page, re.S).group(1)


def test_example_without_outcomes_says_not_given(client, login_as):
    item = fp.example(outcomes_text="", outcomes_html="")
    db.session.commit()
    login_as("practitioner")
    section = _outcomes_section(client.get(f"/practice/{item.id}").get_data(as_text=True))
    assert "Not given." in section


def test_example_with_outcomes_shows_them(client, login_as):
    item = fp.example(outcomes_text="He goes to the club again.", outcomes_html="<p>He goes to the club again.</p>")
    db.session.commit()
    login_as("practitioner")
    section = _outcomes_section(client.get(f"/practice/{item.id}").get_data(as_text=True))
    assert "He goes to the club again." in section and "Not given." not in section
