"""Following a tag and saving things for later, and the one page that lists them."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.people import following
from champions.questions import service as questions
from tests import factories
from tests import factories_meetings as fm
from tests import factories_questions as fq


def _titles(person) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.user_id == person.id)))


def test_following_a_tag_tells_you_of_new_questions_in_it_that_you_may_see(client, login_as):
    tag = fq.tag("Carers")
    partner = factories.user("partner")
    db.session.commit()
    reader = login_as("practitioner")
    page = client.get(f"/questions/tags/{tag.slug}").text
    assert "Follow<span class=\"visually-hidden\"> the tag Carers" in page
    response = client.post(f"/people/tags/{tag.id}/follow", data={"follow": "1"}, follow_redirects=True)
    assert "You follow Carers" in response.text and "Stop following" in response.text
    login_as(partner)
    client.post(f"/people/tags/{tag.id}/follow", data={"follow": "1"})

    asker = factories.user("practitioner", display_name="Morag Bell")
    questions.create_question(asker, "Short breaks for young carers", "What do teams offer?", "staff", [tag.id])
    questions.create_question(asker, "Carers and partners", "Shared with partners.", "partners", [tag.id])
    db.session.commit()

    assert _titles(reader) == ["Morag Bell asked in Carers: Short breaks for young carers",
                               "Morag Bell asked in Carers: Carers and partners"]
    assert _titles(partner) == ["Morag Bell asked in Carers: Carers and partners"]  # not the staff-only one

    login_as(reader)
    client.post(f"/people/tags/{tag.id}/follow", data={"follow": "0"})
    assert following.followed_tags(reader) == []


def test_saved_things_are_listed_while_you_may_still_see_them(client, login_as):
    question = fq.question(title="Paying a relative as a PA")
    meeting = fm.meeting(title="Champions meeting, May")
    db.session.commit()
    reader = login_as("practitioner")
    response = client.post(f"/people/saved/question/{question.id}", data={"save": "1", "next": f"/questions/{question.id}"},
                           follow_redirects=True)
    assert "Saved. Find it under What you follow." in response.text and 'aria-pressed="true"' in response.text
    client.post(f"/people/saved/meeting/{meeting.id}", data={"save": "1"})

    page = client.get("/people/following").text
    assert "Paying a relative as a PA" in page and "Champions meeting, May" in page

    question.hidden, question.hidden_reason = True, "Personal data"
    db.session.commit()
    page = client.get("/people/following").text
    assert "Paying a relative as a PA" not in page and "Champions meeting, May" in page

    client.post(f"/people/saved/meeting/{meeting.id}", data={"save": "0"})
    assert following.saved(reader) == []


def test_you_cannot_save_what_you_may_not_see_or_an_unknown_type(client, login_as):
    secret = fq.question(title="For champions", visibility="champions")
    db.session.commit()
    login_as("practitioner")
    assert client.post(f"/people/saved/question/{secret.id}", data={"save": "1"}).status_code == 404
    assert client.post(f"/people/saved/user/{secret.id}", data={"save": "1"}).status_code == 404


def test_after_saving_you_go_back_only_to_a_page_on_this_site(client, login_as):
    question = fq.question(title="Paying a relative as a PA")
    db.session.commit()
    login_as("practitioner")
    for target in ("//evil.example/", "/\\evil.example/", "https://evil.example/"):
        response = client.post(f"/people/saved/question/{question.id}", data={"save": "1", "next": target})
        assert response.headers["Location"].endswith(f"/questions/{question.id}"), target


def test_the_following_page_asks_nothing_per_item(client, login_as, count_queries):
    reader = login_as("practitioner")
    questions_saved = [fq.question(title=f"Saved question {n}") for n in range(4)]
    tags = [fq.tag(f"Tag {n}") for n in range(4)]
    db.session.commit()
    for question in questions_saved[:1]:
        following.set_saved(reader, "question", question.id, True)
    following.set_tag_follow(reader, tags[0], True)
    db.session.commit()
    with count_queries() as one:
        client.get("/people/following")
    for question in questions_saved[1:]:
        following.set_saved(reader, "question", question.id, True)
    for tag in tags[1:]:
        following.set_tag_follow(reader, tag, True)
    db.session.commit()
    with count_queries() as many:
        page = client.get("/people/following").text
    assert page.count("Stop following") == 4 and page.count('aria-pressed="true"') == 4
    assert many.count == one.count
