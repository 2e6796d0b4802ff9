"""Questions in search: what each person finds, and what hiding and withdrawing change."""
from __future__ import annotations

import pytest

from champions.extensions import db
from champions.questions.search import documents_for
from champions.search import index
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _found(user, text):
    return [hit.url for hit in index.query(user, text).hits]


def test_documents_carry_answers_tags_and_visibility():
    q = fq.question(title="Paying a carer for short breaks", visibility="partners", tags=[fq.tag("Carers", slug="carers")])
    fq.answer(q, body="Use the respite budget")
    hidden = fq.answer(q, body="Hidden wrong advice", hidden=True)
    docs = documents_for(q.id)
    main = docs[0]
    assert main.doc_id == f"question:{q.id}" and main.visibility == "partners" and main.tags == ["carers"]
    assert "respite budget" in main.body and "Hidden wrong advice" not in main.body
    assert [(d.doc_id, d.visibility) for d in docs[1:]] == [(f"answer:{hidden.id}", "champions")]
    q.hidden = True
    assert documents_for(q.id)[0].visibility == "champions"
    q.withdrawn = True
    assert documents_for(q.id) == []


def test_asked_question_is_found_by_those_who_may_see_it(client, login_as):
    partner = factories.user("partner")
    champion = factories.user("champion")
    me = login_as("practitioner")
    client.post("/questions/new", data={"title": "Can a direct payment buy a laptop for job hunting?",
                                        "body": "", "visibility": "staff"})
    client.get("/questions/")  # indexing runs after a response
    assert _found(me, "laptop") and _found(champion, "laptop")
    assert _found(partner, "laptop") == []
