"""What the question page keeps between readers (related questions, from search) and decides once for many
answers (their buttons): nobody is shown what another reader may see or do."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.questions.models import Question
from champions.search import enqueue
from champions.search import index as search_index
from champions.timeutil import utcnow
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")


def _page(client, question) -> str:
    return client.get(f"/questions/{question.id}").get_data(as_text=True)


def _related(page: str) -> str:
    found = re.search(r'<section class="panel related-questions".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _index_every_question() -> None:
    for question in db.session.scalars(select(Question)):
        enqueue("question", question.id)  # the factory does not queue index work
    db.session.commit()


def test_related_questions_kept_for_one_reader_are_never_shown_to_another(client, login_as):
    practitioner, partner = factories.user("practitioner"), factories.user("partner")
    shown = fq.question(title="Paying a family member as a personal assistant", visibility="partners")
    fq.question(title="A family member employed as a personal assistant", visibility="staff")
    fq.question(title="Family member as a personal assistant: the agreement", visibility="partners")
    _index_every_question()
    for _ in range(2):  # the second round is answered from what the first kept
        login_as(practitioner)
        related = _related(_page(client, shown))
        assert "A family member employed as a personal assistant" in related
        assert "Family member as a personal assistant: the agreement" in related
        login_as(partner)
        related = _related(_page(client, shown))
        assert "Family member as a personal assistant: the agreement" in related
        assert "employed as a personal assistant" not in related  # staff only


def test_search_keeps_similar_documents_per_set_of_documents_a_reader_may_see(app):
    """Below the page (which also filters in SQL): search itself never hands one reader's similar documents to
    another, even readers of the same role, when one of them may see a document the other may not (their own)."""
    owner, other = factories.user("partner"), factories.user("partner")
    title = "Paying a family member as a personal assistant"
    fq.question(owner, title="A family member paid as my personal assistant", visibility="partners", hidden=True,
                hidden_reason="Names a person")
    fq.question(title="Family member as a personal assistant: the agreement", visibility="partners")
    _index_every_question()
    for _ in range(2):
        mine = {hit.title for hit in search_index.similar(owner, title)}
        theirs = {hit.title for hit in search_index.similar(other, title)}
        assert "A family member paid as my personal assistant" in mine  # its author may see it
        assert "A family member paid as my personal assistant" not in theirs
        assert "Family member as a personal assistant: the agreement" in mine & theirs


def test_related_questions_follow_changes_to_the_index(client, login_as):
    shown = fq.question(title="Paying a family member as a personal assistant")
    other = fq.question(title="A family member employed as a personal assistant")
    _index_every_question()
    login_as("practitioner")
    assert "A family member employed as a personal assistant" in _related(_page(client, shown))
    fq.question(title="Personal assistant who is a family member: tax")
    other.title = "Charging for day services"
    _index_every_question()
    related = _related(_page(client, shown))
    assert "Personal assistant who is a family member: tax" in related
    assert "employed as a personal assistant" not in related


def test_answers_alike_for_the_rules_still_get_each_readers_own_controls(client, login_as):
    """Decided once per kind of answer (whose it is; hidden, held or withdrawn), on a page mixing every kind."""
    writer, champion, reader = factories.user("practitioner"), factories.user("champion"), \
        factories.user("practitioner")
    question = fq.question()
    plain = [fq.answer(question, writer, body=f"Plain answer {n}.") for n in range(2)]
    others = [fq.answer(question, body=f"Someone else's answer {n}.") for n in range(2)]
    hidden = fq.answer(question, writer, body="The hidden words.", hidden=True, hidden_reason="Off topic")
    withdrawn = fq.answer(question, writer, body="The withdrawn words.", withdrawn_at=utcnow())
    db.session.commit()
    for _ in range(2):
        login_as(reader)
        page = _page(client, question)
        assert "The hidden words." not in page and "The withdrawn words." not in page
        assert page.count("This helped me") == 4 and "/edit" not in page.split("answers-heading")[1]
        assert f"/answers/{hidden.id}/restore" not in page and "Endorse" not in page
        login_as(writer)
        page = _page(client, question)
        assert "The hidden words." in page and "The withdrawn words." in page
        assert all(f"/questions/answers/{a.id}/withdraw" in page for a in plain)
        assert not any(f"/questions/answers/{a.id}/withdraw" in page for a in others)
        assert f"/questions/answers/{withdrawn.id}/unwithdraw" in page
        assert page.count("This helped me") == 2  # the others' answers, never their own
        login_as(champion)
        page = _page(client, question)
        assert f"/questions/answers/{hidden.id}/restore" in page and page.count("Endorse") == 4
        assert f"/questions/answers/{withdrawn.id}/unwithdraw" not in page


def test_files_on_the_question_page_are_each_readers_own(client, login_as):
    """The page asks once which answers have files and shows the files partial only for those (or where the
    reader may add one): each reader sees the files they may see, on the right answer, and no more."""
    from tests import factories_resources as fr

    writer, champion, reader = factories.user("practitioner"), factories.user("champion"), \
        factories.user("practitioner")
    question = fq.question()
    with_file = fq.answer(question, body="An answer with a file.")
    without = fq.answer(question, body="An answer without files.")
    hidden = fq.answer(question, writer, body="A hidden answer with a file.", hidden=True, hidden_reason="No")
    fr.attachment(question, name="on-the-question.pdf")
    fr.attachment(with_file, name="on-the-answer.pdf")
    fr.attachment(hidden, name="on-the-hidden-answer.pdf")
    gone = fr.attachment(with_file, name="removed-one.pdf")
    gone.hidden, gone.removed_at, gone.removed_by_id = True, utcnow(), champion.id
    mine = fq.answer(question, reader, body="The reader's own answer.")
    db.session.commit()
    for _ in range(2):
        login_as(reader)
        page = _page(client, question)
        assert "on-the-question.pdf" in page and "on-the-answer.pdf" in page
        assert "on-the-hidden-answer.pdf" not in page and "removed-one.pdf" not in page
        assert f'id="answer-{with_file.id}-files"' in page and f'id="answer-{without.id}-files"' not in page
        assert f'id="answer-{mine.id}-files"' in page  # theirs: they may add a file
        assert f"/attachments/answer/{mine.id}/new" in page and f"/attachments/answer/{with_file.id}/new" not in page
        login_as(champion)
        page = _page(client, question)
        assert "on-the-hidden-answer.pdf" in page and "removed-one.pdf" in page
        assert f"/attachments/answer/{without.id}/new" in page
