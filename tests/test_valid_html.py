"""Machine-readable values in pages are valid HTML (the Nu Html Checker's rules)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from champions.extensions import db
from champions.timeutil import iso_datetime
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

# An HTML "valid global date and time string" to the second, with a time-zone offset.
GLOBAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$")


def test_time_elements_carry_seconds_and_a_timezone_not_microseconds(client, login_as):
    question = fq.question(title="Can a neighbour be paid as a personal assistant?")
    fq.answer(question)
    db.session.commit()
    login_as("practitioner")
    pages = [client.get(f"/questions/{question.id}").get_data(as_text=True),
             client.get("/questions/").get_data(as_text=True)]
    values = [value for page in pages for value in re.findall(r'<time datetime="([^"]*)"', page)]
    assert len(values) >= 3  # the question, its answer and the list row
    assert all(GLOBAL_DATETIME.match(value) for value in values), values


def test_iso_datetime_is_utc_to_the_second():
    value = datetime(2027, 3, 3, 14, 30, 5, 123456, tzinfo=timezone.utc)
    assert iso_datetime(value) == "2027-03-03T14:30:05+00:00"
    assert iso_datetime(None) == ""
