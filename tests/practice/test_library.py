"""The practice library: filters that combine, counts that match the database, sorting, linked questions."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from champions.extensions import db
from champions.practice import queries
from champions.practice.models import PracticeExample, practice_example_tag
from tests import factories
from tests import factories_practice as fp


def _count_for(page: str, kind: str, tag_id: int) -> int:
    match = re.search(rf'id="f-{kind}-{tag_id}".*?\((\d+)<span', page, re.S)
    return int(match.group(1))


def _setup():
    option1, option2 = fp.tag("option", "Option 1"), fp.tag("option", "Option 2")
    work, safe = fp.tag("outcome", "Having things to do"), fp.tag("outcome", "Feeling safe")
    fp.example(title="Alpha laptop", tags=[option1, work])
    fp.example(title="Bravo provider", tags=[option2, safe])
    fp.example(title="Charlie PA", tags=[option1, safe])
    fp.example(title="Delta partners", tags=[option1, work], visibility="partners")
    fp.example(title="Echo draft", tags=[option1, work], status="draft")
    db.session.commit()
    return option1, option2, work, safe


def test_filters_combine_across_facets(client, login_as):
    option1, _option2, work, _safe = _setup()
    login_as("practitioner")
    page = client.get(f"/practice/?option={option1.id}&outcome={work.id}").text
    assert "Alpha laptop" in page and "Delta partners" in page
    assert "Bravo provider" not in page and "Charlie PA" not in page and "Echo draft" not in page
    assert "2 examples matching your filters" in page


def test_counts_match_the_database_given_the_other_filters(client, login_as):
    option1, option2, work, safe = _setup()
    user = login_as("practitioner")
    page = client.get(f"/practice/?option={option1.id}").text
    # Within the option facet, counts ignore the option filter itself; outcomes count within option 1.
    assert _count_for(page, "option", option1.id) == 3
    assert _count_for(page, "option", option2.id) == 1
    assert _count_for(page, "outcome", work.id) == 2
    assert _count_for(page, "outcome", safe.id) == 1
    # And the same numbers straight from the database.
    for tag, expected in ((work, 2), (safe, 1)):
        sql = (select(func.count(PracticeExample.id.distinct()))
               .join(practice_example_tag, practice_example_tag.c.example_id == PracticeExample.id)
               .where(queries.visible_clause(user), practice_example_tag.c.tag_id == tag.id,
                      *queries.facet_conditions({"option": [option1.id]})))
        assert db.session.scalar(sql) == expected


def test_partner_counts_only_include_what_partners_may_see(client, login_as):
    option1, *_ = _setup()
    login_as("partner")
    page = client.get("/practice/").text
    assert _count_for(page, "option", option1.id) == 1
    assert "Delta partners" in page and "Alpha laptop" not in page


def test_sort_by_title_and_newest(client, login_as):
    fp.example(title="Zebra crossing")
    fp.example(title="Apple tree")
    db.session.commit()
    login_as("practitioner")
    by_title = client.get("/practice/?sort=title").text
    assert by_title.index("Apple tree") < by_title.index("Zebra crossing")
    newest = client.get("/practice/?sort=newest").text
    assert newest.index("Apple tree") < newest.index("Zebra crossing")


def test_pagination(client, login_as):
    for n in range(23):
        fp.example(title=f"Paged example {n:02d}")
    db.session.commit()
    login_as("practitioner")
    first = client.get("/practice/?sort=title").text
    assert "Paged example 00" in first and "Paged example 22" not in first and "Page 1 of 2" in first
    second = client.get("/practice/?sort=title&page=2").text
    assert "Paged example 22" in second


def test_nonsense_filters_are_ignored(client, login_as):
    login_as("practitioner")
    assert client.get("/practice/?option=abc&sort=zzz&page=x").status_code == 200


def test_related_questions_link_both_ways(app, client, login_as):
    author = factories.user("practitioner")
    example = fp.example(author=author, title="Linked example")
    hidden_example = fp.example(title="Staff only linked", visibility="staff")
    question = fp.question(title="How do I set up a direct payment?", visibility="partners")
    db.session.commit()
    login_as(author)
    client.post(f"/practice/{example.id}/questions", data={"question": f"http://localhost/questions/{question.id}"})
    assert "How do I set up a direct payment?" in client.get(f"/practice/{example.id}").text
    hidden_example.questions.append(question)
    shared = fp.example(title="Shared linked example", visibility="partners")
    draft = fp.example(title="Draft linked example", visibility="partners", status="draft")
    shared.questions.append(question)
    draft.questions.append(question)
    db.session.commit()
    with app.test_request_context():
        from flask_login import login_user
        partner = factories.user("partner")
        login_user(partner)
        html = app.jinja_env.get_template("practice/_question_links.html").render(question=question)
    assert "Practice examples linked to this question" in html and "Shared linked example" in html
    assert "Draft linked example" not in html
    assert "Linked example" not in html and "Staff only linked" not in html  # both are staff-only
    client.post(f"/practice/{example.id}/questions/{question.id}/remove")
    db.session.refresh(example)
    assert example.questions == []


def test_linking_an_unknown_question_says_so_and_keeps_what_was_typed(client, login_as):
    author = login_as("practitioner")
    example = fp.example(author=author)
    db.session.commit()
    for typed in ("99999", "99999999999999999999", "/questions/99999999999999999999", ""):
        response = client.post(f"/practice/{example.id}/questions", data={"question": typed})
        assert response.status_code == 400, typed
        page = response.text
        assert 'class="error-summary"' in page and 'href="#question"' in page, typed
        assert "form-group--error" in page and "<title>Error: " in page, typed
        if typed:
            assert "Enter the number or address of a question you can see" in page, typed
            assert f'value="{typed}"' in page, typed
        else:
            assert "Enter a question number or address" in page
    db.session.refresh(example)
    assert example.questions == []


def test_question_partial_shows_examples_to_staff(app, client, login_as):
    example = fp.example(title="Visible linked example")
    question = fp.question()
    example.questions.append(question)
    db.session.commit()
    with app.test_request_context():
        from flask_login import login_user
        login_user(factories.user("practitioner"))
        html = app.jinja_env.get_template("practice/_question_links.html").render(question=question)
    assert "Visible linked example" in html


def test_unusable_filter_values_are_ignored(client, login_as):
    """Huge or odd filter ids and page numbers show the library, never a server error."""
    from champions.practice.models import FACETS

    login_as("practitioner")
    for value in ("99999999999999999999", "%C2%B2", "-1"):
        query = "&".join(f"{kind}={value}" for kind in FACETS)
        assert client.get(f"/practice/?{query}&page={value}").status_code == 200, value


def test_library_and_review_lists_run_a_fixed_number_of_queries(client, login_as, count_queries):
    """The library, the review queue and the due list cost the same SQL with 2 examples or 12 (no N+1)."""
    from datetime import date, timedelta

    login_as("champion")
    topic = fp.tag("topic", "Budgets")
    counts: dict[str, list[int]] = {}
    for n in (2, 10):
        for _ in range(n):
            fp.example(author=factories.user("practitioner"), status="submitted")
            fp.example(author=factories.user("practitioner"), tags=[topic],
                       review_due_on=date.today() - timedelta(days=3))
        db.session.commit()
        for url in ("/practice/", "/practice/review", "/practice/due"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(counter.count)
    assert all(first == second for first, second in counts.values()), counts
