"""Search ranks a question whose answer was marked out of date below current ones, on each backend."""
from __future__ import annotations

from champions.extensions import db
from champions.search import index
from champions.search.hybrid import current_first
from tests import factories
from tests import factories_questions as make

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)

STALE = "Holiday pay for a personal assistant: holiday pay rates and holiday pay rules"
CURRENT = "Paying a personal assistant's holiday pay"


def _titles(user, text: str) -> list[str]:
    return [hit.title for hit in index.query(user, text).hits]


def test_an_out_of_date_answer_ranks_below_current_ones_until_it_is_confirmed(app, client, login_as):
    champion = factories.user("champion")
    stale_question = make.question(title=STALE, body="Holiday pay for PAs: how much holiday pay?")
    stale = make.answer(stale_question, body="Holiday pay is 5.6 weeks, paid at the 2019 rate.",
                        endorsed_by_id=champion.id)
    current_question = make.question(title=CURRENT, body="How is it worked out?")
    make.answer(current_question, body="Use the rate in the current guidance.", endorsed_by_id=champion.id)
    db.session.commit()
    reader = factories.user("practitioner")
    db.session.commit()
    assert _titles(reader, "holiday pay") == [STALE, CURRENT]  # more of the words: first while current

    login_as("champion")
    response = client.post(f"/accuracy/answers/{stale.id}/out-of-date",
                           data={"reason": "The rates changed in April.", "confirm_no_personal_data": "y"})
    assert response.status_code == 302
    assert _titles(reader, "holiday pay") == [CURRENT, STALE]
    assert _titles(reader, "holiday pay rates rules") == [CURRENT, STALE]  # even with words only it has

    assert client.post(f"/accuracy/answers/{stale.id}/confirm").status_code == 302
    assert _titles(reader, "holiday pay") == [STALE, CURRENT]


def test_a_current_endorsed_answer_beside_an_out_of_date_one_keeps_the_question_current(app, client, login_as):
    champion = factories.user("champion")
    question = make.question(title=STALE, body="Holiday pay for PAs.")
    old = make.answer(question, body="The 2019 rate.")
    make.answer(question, body="The current rate, from the guidance.", endorsed_by_id=champion.id)
    make.question(title=CURRENT, body="Holiday pay.")
    db.session.commit()
    login_as("champion")
    client.post(f"/accuracy/answers/{old.id}/out-of-date", data={"reason": "Old rate.", "confirm_no_personal_data": "y"})
    assert _titles(factories.user("practitioner"), "holiday pay")[0] == STALE


def test_current_first_keeps_each_groups_order():
    assert current_first([5, 3, 9, 1], {3, 1}) == [5, 9, 3, 1]
    assert current_first([5, 3], set()) == [5, 3]
