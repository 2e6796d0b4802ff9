"""Lists, tags, history, the personal-data guard and query counts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from champions.extensions import db
from champions.questions.models import Answer, Question, Tag
from champions.revisions import Revision
from champions.questions.taxonomy import seed_taxonomy
from champions.timeutil import utcnow, working_days_between
from tests import factories
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")
TITLE = "How do we pay a personal assistant under option 1?"

PERSONAL_DATA = [
    ("CHI number", "Her CHI is 120385 1006 if that helps"),
    ("National Insurance number", "NI number AB 12 34 56 C"),
    ("phone number", "Ring her on 07700 900123"),
    ("postcode", "She lives at AB10 1AB"),
    ("email address", "Her email is jo.bloggs@gmail.com"),
]


def test_awaiting_a_champion_oldest_first_with_working_days(client, login_as):
    old = fq.question(title="An old question still waiting for a champion", days_ago=20)
    new = fq.question(title="A new question still waiting for a champion", days_ago=1)
    done = fq.question(title="A question a champion has answered already", days_ago=30)
    fq.answer(done, factories.user("champion"))
    db.session.commit()
    login_as("practitioner")
    page = client.get("/questions/?tab=awaiting").get_data(as_text=True)
    assert page.index(old.title) < page.index(new.title)
    assert done.title not in page
    age = working_days_between(old.created_at, utcnow())
    assert f"waiting {age} working days" in page


def test_tabs_unanswered_resolved_mine(client, login_as):
    me = factories.user("practitioner")
    mine = fq.question(me, title="A question I asked about charging")
    resolved = fq.question(title="A question that has been resolved")
    accepted = fq.answer(resolved)
    resolved.accepted_answer_id = accepted.id
    from champions.questions import service
    service.refresh(resolved)
    db.session.commit()
    login_as(me)
    unanswered = client.get("/questions/?tab=unanswered").get_data(as_text=True)
    assert mine.title in unanswered and resolved.title not in unanswered
    page = client.get("/questions/?tab=resolved").get_data(as_text=True)
    assert resolved.title in page and mine.title not in page and "Resolved" in page
    page = client.get("/questions/?tab=mine").get_data(as_text=True)
    assert mine.title in page and resolved.title not in page


def test_pagination_twenty_a_page(client, login_as):
    for n in range(23):
        fq.question(title=f"Paginated question number {n:02d}", days_ago=n)
    db.session.commit()
    login_as("practitioner")
    page = client.get("/questions/").get_data(as_text=True)
    assert page.count('class="question-row') == 20 and "Page 1 of 2" in page
    page = client.get("/questions/?page=2").get_data(as_text=True)
    assert page.count('class="question-row') == 3


def test_pages_follow_latest_activity_and_leave_out_what_the_person_may_not_see(client, login_as):
    """Page 2 carries on from page 1, newest activity first; a staff-only or hidden question is neither listed to
    a partner nor counted, so it shifts no page."""
    for n in range(23):
        fq.question(title=f"Shared question number {n:02d}", visibility="partners", days_ago=n)
    fq.question(title="Staff only question", days_ago=0.5)
    fq.question(title="Hidden shared question", visibility="partners", days_ago=1.5, hidden=True)
    db.session.commit()
    login_as("partner")
    first = client.get("/questions/").get_data(as_text=True)
    second = client.get("/questions/?page=2").get_data(as_text=True)
    listed = [n for n in range(23) for page in (first, second) if f"Shared question number {n:02d}" in page]
    assert listed == list(range(23)) and "Page 1 of 2 (23 in all)" in first
    assert [f"number {n:02d}" in first for n in (0, 19, 20)] == [True, True, False]
    assert second.index("number 20") < second.index("number 21") < second.index("number 22")
    assert "Staff only question" not in first + second and "Hidden shared question" not in first + second


def test_tag_page_shows_description_and_questions(client, login_as):
    seed_taxonomy()
    carers = db.session.scalar(select(Tag).where(Tag.slug == "carers"))
    tagged = fq.question(title="Short breaks for an unpaid carer", tags=[carers])
    fq.question(title="Something about commissioning providers")
    db.session.commit()
    login_as("practitioner")
    page = client.get("/questions/tags/carers").get_data(as_text=True)
    assert "adult carer support plans" in page and tagged.title in page and "commissioning providers" not in page
    index = client.get("/questions/tags/").get_data(as_text=True)
    assert "Standard 5" in index and "2024 edition" in index and "name to confirm" not in index
    assert client.get("/questions/tags/no-such-tag").status_code == 404


def test_champion_manages_topic_tags(client, login_as):
    seed_taxonomy()
    login_as("champion")
    page = client.post("/questions/tags/manage", data={"name": "", "description": "kept"}).get_data(as_text=True)
    assert "Enter the tag&#39;s name" in page or "Enter the tag's name" in page
    client.post("/questions/tags/manage", data={"name": "Self-directed support audits", "description": "Audits"})
    assert db.session.scalar(select(Tag).where(Tag.slug == "self-directed-support-audits")).kind == "topic"
    page = client.post("/questions/tags/manage", data={"name": "Carers"}).get_data(as_text=True)
    assert "already a tag with that name" in page
    client.post("/questions/tags/standard-5/edit", data={"name": "Standard 5: Confirmed", "description": "Now known"})
    assert db.session.scalar(select(Tag.name).where(Tag.slug == "standard-5")) == "Standard 5: Confirmed"


@pytest.mark.parametrize("kind,text", PERSONAL_DATA)
def test_personal_data_blocks_a_question_and_keeps_the_text(client, login_as, kind, text):
    login_as("practitioner")
    page = client.post("/questions/new", data={"title": TITLE, "body": text, "visibility": "staff"}).get_data(as_text=True)
    assert kind in page and "There is a problem" in page
    assert text.split()[-1] in page and TITLE in page
    assert db.session.scalar(select(Question)) is None
    client.post("/questions/new", data={"title": TITLE, "body": text, "visibility": "staff",
                                        "confirm_no_personal_data": "y"})
    assert db.session.scalar(select(Question.body)) == text


def test_personal_data_blocks_an_answer(client, login_as):
    q = fq.question()
    db.session.commit()
    login_as("practitioner")
    page = client.post(f"/questions/{q.id}/answers", data={"body": "Phone 07700 900123"}).get_data(as_text=True)
    assert "phone number" in page and "07700 900123" in page
    assert db.session.scalar(select(Answer)) is None


def test_ordinary_sds_text_is_not_blocked(client, login_as):
    login_as("practitioner")
    body = "Under option 2 we approve £200 a week; since 1 April 2014 (and 2019-2021) Standard 12 applies. Budget 1,234,567."
    assert client.post("/questions/new", data={"title": TITLE, "body": body, "visibility": "staff"}).status_code == 302
    assert db.session.scalar(select(Question.body).where(Question.title == TITLE)) == body


def test_edit_keeps_revisions_and_history_shows_the_difference(client, login_as):
    asker = factories.user("practitioner")
    q = fq.question(asker, title=TITLE, body="We pay weekly.")
    db.session.commit()
    login_as(asker)
    client.post(f"/questions/{q.id}/edit", data={"title": TITLE, "body": "We pay monthly.", "visibility": "staff"})
    revisions = db.session.scalars(select(Revision).where(Revision.object_id == q.id,
                                                          Revision.content_type == "question")).all()
    assert [r.body for r in revisions] == ["We pay weekly.", "We pay monthly."]
    page = client.get(f"/questions/{q.id}").get_data(as_text=True)
    assert "edited" in page
    page = client.get(f"/questions/{q.id}/history").get_data(as_text=True)
    assert '<del class="diff-removed"><span class="visually-hidden">[removed: </span>weekly.' in page
    assert '<ins class="diff-added"><span class="visually-hidden">[added: </span>monthly.' in page
    login_as("practitioner")
    assert client.get(f"/questions/{q.id}/edit").status_code == 403


def test_champion_edits_an_answer(client, login_as):
    q = fq.question()
    answer = fq.answer(q, body="First version")
    db.session.commit()
    login_as("champion")
    client.post(f"/questions/answers/{answer.id}/edit", data={"body": "Second version"})
    db.session.refresh(answer)
    assert answer.edited and answer.body_html == "<p>Second version</p>"
    page = client.get(f"/questions/answers/{answer.id}/history").get_data(as_text=True)
    assert "Version 2" in page and "Second" in page


def test_question_page_queries_do_not_grow_with_answers(client, login_as, count_queries):
    q = fq.question(visibility="partners")
    people = [factories.user("partner") for _ in range(5)] + [factories.user("champion")]
    for n in range(50):
        fq.answer(q, people[n % len(people)], body=f"Answer number {n}")
    db.session.commit()
    login_as("practitioner")
    from champions.search import jobs

    jobs.sync_if_needed()  # index work belongs to posting (tests apply it at the next search): not this page
    with count_queries() as counter:
        response = client.get(f"/questions/{q.id}")
    assert response.status_code == 200 and "Answer number 49" in response.get_data(as_text=True)
    # 16: six are per page, not per answer: the files on the question and all its answers, the names two
    # members share (to tell them apart), what needs the reader (the navigation counts), whether they saved it,
    # the related questions and the SDS synonyms (read at most every 30 seconds).
    assert counter.count <= 16, "\n".join(s[:90] for s in counter.statements)


@pytest.mark.parametrize("url", ["/questions/", "/questions/?tab=awaiting", "/questions/?tab=following",
                                 "/questions/tags/carers", "/questions/tags/"])
def test_list_pages_use_a_fixed_number_of_queries(client, login_as, count_queries, url):
    seed_taxonomy()
    tags = db.session.scalars(select(Tag).limit(6)).all() + [db.session.scalar(select(Tag).where(Tag.slug == "carers"))]
    for n in range(30):
        fq.question(factories.user("practitioner"), title=f"Question with many tags {n}", tags=tags)
    db.session.commit()
    login_as("practitioner")
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    # 10, plus the related questions (one query) and the SDS synonyms (read at most every 30 seconds).
    assert counter.count <= 12, "\n".join(s[:90] for s in counter.statements)


@pytest.mark.parametrize("page", ["99999999999999999999", "²", "-3", "abc"])
def test_unusable_page_numbers_show_a_page_not_an_error(client, login_as, page):
    """A mistyped or huge ?page= is an ordinary (empty or first) page, never a server error."""
    login_as("practitioner")
    assert client.get(f"/questions/?page={page}").status_code == 200
