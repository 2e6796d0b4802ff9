"""Pages people can scan: "Needs you" on the home page, counts on the navigation, the Menu button."""
from __future__ import annotations

import re
from datetime import date, timedelta

from champions.extensions import db
from champions.people import needs
from tests import factories
from tests import factories_meetings as fm
from tests import factories_practice as fp
from tests import factories_questions as fq


def test_a_champion_sees_what_needs_them_with_counts_on_the_navigation(client, login_as):
    question = fq.question(title="Nobody has answered this")
    fq.flag("question", question.id)
    fp.example(status="submitted")
    db.session.commit()
    champion = login_as("champion")
    fm.action(owner=champion, what="Book the room", due_on=date.today())
    db.session.commit()

    page = client.get("/").text
    needs_you = page[page.index('id="needs-you-heading"'):page.index('<div class="panels">')]
    assert "1 report to moderate" in needs_you
    assert "question waiting for a champion" in needs_you
    assert "1 action of yours due soon or overdue" in needs_you
    assert "1 practice example to review" in needs_you
    assert re.search(r'Moderation <span class="count-badge count-badge--nav">1<', page)
    assert re.search(r'Meetings <span class="count-badge count-badge--nav">1<', page)
    assert 'class="site-nav__toggle"' in page and "Menu" in page


def test_a_practitioner_sees_only_their_own_needs_and_nothing_for_champions(client, login_as):
    question = fq.question(title="Nobody has answered this")
    fq.flag("question", question.id)
    db.session.commit()
    practitioner = login_as("practitioner")

    page = client.get("/").text
    assert "Nothing is waiting for you just now." in page
    assert "report to moderate" not in page and "count-badge--nav" not in page
    assert needs.counts(practitioner) == {"actions": 0}


def test_an_action_due_in_more_than_three_working_days_does_not_need_you_yet(app):
    owner = factories.user("practitioner")
    fm.action(owner=owner, due_on=date.today() + timedelta(days=30))
    db.session.commit()
    assert needs.counts(owner)["actions"] == 0


def test_needs_are_counted_in_one_query(app, count_queries):
    champion = factories.user("champion")
    db.session.commit()
    assert champion.role == "champion"  # loaded again after the commit, before counting
    with count_queries() as counter:
        needs.counts(champion)
    assert counter.count == 1
