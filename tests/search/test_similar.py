"""Similar questions on the ask form come from search: best match first, only what the reader may see."""
from __future__ import annotations

from champions.extensions import db
from champions.search import index
from tests import factories
from tests import factories_questions as fq

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)


ASKED = "Can an unpaid carer be paid as a PA under option 1?"
BEST = "Paying an unpaid carer as a PA through option 1"


def _questions():
    fq.question(title="How do we review a mix of options under option 4?", body="Reviews of mixed options.")
    fq.question(title=BEST, body="A carer who has been unpaid wants to be paid as a personal assistant.")
    fq.question(title="Budget reviews for day services", body="Annual review dates.")
    fq.question(title="Staff-only guidance on paying an unpaid carer as a PA", body="Internal.",
                visibility="staff")
    hidden = fq.question(title="Hidden: unpaid carer paid as a PA under option 1", body="Off topic.")
    withdrawn = fq.question(title="Withdrawn: unpaid carer paid as a PA", body="Taken back.")
    hidden.hidden = True
    withdrawn.withdrawn = True
    _index_all()


def _index_all():
    """The question factory does not queue index work: queue every question, then commit."""
    from champions.questions.models import Question
    from champions.search import enqueue

    for question in db.session.query(Question):
        enqueue("question", question.id)
    db.session.commit()


def _titles(page: str) -> list[str]:
    import re

    return re.findall(r'<a href="/questions/\d+">([^<]+)</a>', page)


def test_preview_lists_the_most_relevant_question_first(app, client, login_as):
    _questions()
    login_as("practitioner")
    page = client.post("/questions/new", data={"title": ASKED, "preview": "1", "visibility": "staff"}
                       ).get_data(as_text=True)
    titles = _titles(page.split('id="similar-heading"', 1)[1])
    assert titles[0] == BEST
    assert not any(t.startswith(("Hidden:", "Withdrawn:")) for t in titles) and len(titles) <= 5


def test_the_javascript_fragment_agrees_with_the_preview(app, client, login_as):
    _questions()
    login_as("practitioner")
    preview = client.post("/questions/new", data={"title": ASKED, "preview": "1", "visibility": "staff"}
                          ).get_data(as_text=True)
    fragment = client.get("/questions/similar", query_string={"title": ASKED}).get_data(as_text=True)
    assert _titles(fragment) == _titles(preview.split('id="similar-heading"', 1)[1])
    assert client.get("/questions/similar?title=").get_data(as_text=True).strip() == ""


def test_a_champion_never_gets_a_hidden_question_suggested(app, client, login_as):
    _questions()
    login_as("champion")
    titles = _titles(client.get("/questions/similar", query_string={"title": ASKED}).get_data(as_text=True))
    assert BEST in titles and not any(t.startswith(("Hidden:", "Withdrawn:")) for t in titles)


def test_a_partner_never_sees_a_staff_only_question(app, client, login_as):
    _questions()
    login_as("partner")
    partner_q = fq.question(title="Partners: paying an unpaid carer as a PA", visibility="partners")
    _index_all()
    preview = client.post("/questions/new", data={"title": ASKED, "preview": "1", "visibility": "partners"}
                          ).get_data(as_text=True)
    fragment = client.get("/questions/similar", query_string={"title": ASKED}).get_data(as_text=True)
    for page in (preview, fragment):
        assert partner_q.title in page
        assert "Staff-only guidance" not in page and BEST not in page


def test_title_match_is_used_when_search_is_unavailable(app, client, login_as, monkeypatch):
    _questions()
    login_as("practitioner")

    def broken(*args, **kwargs):
        raise RuntimeError("index damaged")

    monkeypatch.setattr(index.engine(), "similar", broken)
    monkeypatch.setattr(index.engine(), "search", broken)
    page = client.get("/questions/similar", query_string={"title": ASKED}).get_data(as_text=True)
    assert BEST in page and "Hidden:" not in page
    assert index.query(factories.user("practitioner"), "carer").unavailable
