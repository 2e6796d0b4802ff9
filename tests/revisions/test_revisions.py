"""champions.revisions: every content type records, lists, diffs and scrubs its versions the same way."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from champions import revisions
from champions.extensions import db
from champions.notifications.models import Notification
from champions.outbox.models import OutboxMessage, queue_email
from tests import factories
from tests import factories_induction as fi
from tests import factories_meetings as fm
from tests import factories_practice as fp
from tests import factories_questions as fq

pytestmark = pytest.mark.usefixtures("app")

PHONE = "07700 900123"
TYPES = ("question", "answer", "meeting", "practice_example", "update", "lesson", "reflection")


def _question(author, first, second):
    from champions.questions import service

    question = service.create_question(author, "Paying a personal assistant", first, "staff", [])
    service.edit_question(question, author, "Paying a personal assistant", second, [])
    return question.id


def _answer(author, first, second):
    from champions.questions import service

    answer = service.add_answer(fq.question(), author, first)
    service.edit_answer(answer, author, second)
    return answer.id


def _meeting(author, first, second):
    from champions.meetings import service

    meeting = fm.meeting(status="published")
    item = fm.agenda_item(meeting, notes=first)
    service.changed(meeting, author, "Edited the notes")  # keeps the notes as they were before the edit
    item.notes = second
    return meeting.id


def _practice_example(author, first, second):
    from champions.practice.workflow import save_revision

    example = fp.example(author=author, situation=first)
    save_revision(example, author)
    example.situation = second
    save_revision(example, author)
    return example.id


def _update(author, first, second):
    from champions.updates.service import save

    update = fp.update(author=author)
    for body in (first, second):
        form = SimpleNamespace(title=SimpleNamespace(data="Coffee morning"), body=SimpleNamespace(data=body),
                               category=SimpleNamespace(data="events"), event_date=SimpleNamespace(data=None),
                               organisation_id=SimpleNamespace(data=None))
        save(update, form, author)
    return update.id


def _lesson(author, first, second):
    from champions.induction import content

    module = fi.module(status="draft", lessons=0)
    lesson = content.save_lesson(module, None, "Budgets", first, author)
    content.save_lesson(module, lesson, "Budgets", second, author)
    return lesson.id


def _reflection(author, first, second):
    from champions.induction.models import Reflection

    reflection = Reflection(user_id=author.id, lesson_id=fi.module(lessons=1).lessons[0].id, text="")
    db.session.add(reflection)
    db.session.flush()
    reflection.keep_and_change(first)
    reflection.keep_and_change(second)  # the first text becomes an earlier version
    return reflection.id


WRITERS = {"question": _question, "answer": _answer, "meeting": _meeting, "practice_example": _practice_example,
           "update": _update, "lesson": _lesson, "reflection": _reflection}
AUTHOR_ROLE = {"meeting": "champion", "lesson": "champion", "update": "partner"}


def _write(content_type: str, first: str, second: str):
    author = factories.user(AUTHOR_ROLE.get(content_type, "practitioner"))
    object_id = WRITERS[content_type](author, first, second)
    db.session.commit()
    return author, object_id


def _words(version) -> str:
    return " ".join(str(value) for value in version.fields.values() if value)


@pytest.mark.parametrize("content_type", TYPES)
def test_each_content_type_records_and_lists_its_versions_newest_first(content_type):
    author, object_id = _write(content_type, "The first wording.", "The second wording.")
    versions = revisions.versions(content_type, object_id, author)
    assert versions, f"{content_type} kept no version"
    assert "The first wording." in _words(versions[-1])
    assert all(version.editor_id == author.id for version in versions)
    assert [v.id for v in versions] == sorted((v.id for v in versions), reverse=True)


@pytest.mark.parametrize("content_type", TYPES)
def test_scrub_removes_a_string_from_every_version_of_that_object_only(content_type):
    author, object_id = _write(content_type, f"Ring {PHONE} first.", f"Ring {PHONE} again.")
    _other_author, other_id = _write(content_type, f"Ring {PHONE} first.", f"Ring {PHONE} again.")
    assert any(PHONE in _words(v) for v in revisions.versions(content_type, object_id, author))
    assert revisions.scrub(content_type, object_id, [PHONE]) >= 1
    db.session.commit()
    db.session.expire_all()
    versions = revisions.versions(content_type, object_id, author)
    assert all(PHONE not in _words(v) for v in versions) and "[removed]" in _words(versions[-1])
    assert any(PHONE in text for text in revisions.texts(content_type, other_id))


@pytest.mark.parametrize("content_type", [t for t in TYPES if t != "meeting"])
def test_an_edit_that_takes_out_personal_data_takes_it_out_of_the_earlier_versions(content_type):
    """Meetings keep the notes before each edit; their copies of a post go when the post is redacted."""
    author, object_id = _write(content_type, f"Ring Mrs Brown on {PHONE}.", "Ring Mrs Brown through the duty team.")
    texts = revisions.texts(content_type, object_id)
    assert all(PHONE not in text for text in texts) and any("[removed]" in text for text in texts)


def test_diff_marks_the_words_an_update_changed(app):
    author, object_id = _write("update", "Coffee morning on Friday at ten.", "Coffee morning on Saturday at ten.")
    with app.test_request_context("/?page=1"):
        page, entries = revisions.history("update", object_id, author)
    assert page.total == 2 and [entry["number"] for entry in entries] == [2, 1]
    assert ("removed", "Friday") in entries[0]["body_diff"] and ("added", "Saturday") in entries[0]["body_diff"]
    assert entries[0]["title_diff"] is None  # the title did not change
    assert entries[1]["first"] and entries[1]["original"]


def test_reflection_versions_are_read_only_by_their_writer():
    author, object_id = _write("reflection", "My first thoughts.", "My second thoughts.")
    assert len(revisions.versions("reflection", object_id, author)) == 1
    for role in ("champion", "admin", "practitioner"):
        assert revisions.versions("reflection", object_id, factories.user(role)) == []


def test_partners_see_only_versions_made_while_shared_with_them_and_the_latest():
    from champions.practice.workflow import save_revision

    author = factories.user("practitioner")
    example = fp.example(author=author, visibility="staff", situation="Written for staff.")
    save_revision(example, author)
    example.visibility, example.situation = "partners", "Shared with partners."
    save_revision(example, author)
    example.situation = "Shared, and tidied."
    save_revision(example, author)
    db.session.commit()
    seen = [v.fields["situation"] for v in revisions.versions("practice_example", example.id, factories.user("partner"))]
    assert seen == ["Shared, and tidied.", "Shared with partners."]
    assert len(revisions.versions("practice_example", example.id, factories.user("practitioner"))) == 3


def test_redaction_reaches_notifications_and_unsent_email_by_what_they_are_about(client, login_as):
    """Not by the links in their text: an email about the question is redacted wherever its link is, and an
    email that only mentions the question's address, about something else, is left alone."""
    from champions.questions import moderate

    question = fq.question(title=f"Can the PA on {PHONE} claim mileage?")
    person = factories.user("practitioner")
    note = Notification(user_id=person.id, kind="new_answer", title=question.title, url="/notifications/",
                        visibility="staff", subject=f"question:{question.id}")
    db.session.add(note)
    about = queue_email(person.email, question.title, f"{question.title}\nhttps://hub.example/go/{question.id}",
                        about=[f"question:{question.id}"])
    other = queue_email(person.email, f"Call {PHONE}", f"Call {PHONE}. See /questions/{question.id}",
                        about=["meeting:1"])
    db.session.commit()
    moderate.redact(question, factories.user("champion"), [PHONE])
    db.session.commit()
    db.session.expire_all()
    assert PHONE not in db.session.get(Notification, note.id).title
    assert PHONE not in db.session.get(OutboxMessage, about.id).subject + db.session.get(OutboxMessage, about.id).body
    assert PHONE in db.session.get(OutboxMessage, other.id).body


def test_redacting_a_question_reaches_every_version_of_it():
    from champions.questions import moderate
    from champions.questions.models import Question

    _author, question_id = _write("question", f"Ring {PHONE}.", f"Ring {PHONE} today.")
    moderate.redact(db.session.get(Question, question_id), factories.user("champion"), [PHONE])
    db.session.commit()
    assert all(PHONE not in text for text in revisions.texts("question", question_id))
    assert PHONE not in db.session.get(Question, question_id).body
