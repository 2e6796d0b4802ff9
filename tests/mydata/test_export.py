"""Download my data: the zip holds the person's own records and none of anyone else's."""
from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from champions.audit import AuditEvent
from champions.extensions import db
from champions.induction.models import Reflection
from tests import factories
from tests import factories_induction as induction
from tests import factories_questions as make


def test_the_zip_holds_my_reflection_and_nobody_elses(client, login_as):
    module = induction.module(lessons=1)
    lesson = module.lessons[0]
    me = factories.user("practitioner", display_name="Morag Fraser")
    other = factories.user("practitioner", display_name="Someone Else")
    db.session.add(Reflection(user_id=me.id, lesson_id=lesson.id, text="My own reflection on option 2"))
    db.session.add(Reflection(user_id=other.id, lesson_id=lesson.id, text="Another person's private note"))
    mine = make.question(author=me, title="My question about direct payments")
    make.answer(mine, author=other, body="Someone else's answer text")
    make.answer(make.question(author=other), author=me, body="My answer about PAs")
    db.session.commit()
    login_as(me)
    assert "Download my data" in client.get("/auth/profile").get_data(as_text=True)
    response = client.post("/my-data/download")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(archive.namelist()) == {"data.json", "index.html"}
    data = json.loads(archive.read("data.json"))
    page = archive.read("index.html").decode()
    assert data["profile"]["name"] == "Morag Fraser"
    assert [r["text"] for r in data["learning_log"]] == ["My own reflection on option 2"]
    assert [q["title"] for q in data["questions"]] == ["My question about direct payments"]
    assert [a["body"] for a in data["answers"]] == ["My answer about PAs"]
    for text in ("Another person's private note", "Someone else's answer text", "Someone Else"):
        assert text not in json.dumps(data) and text not in page
    assert "My own reflection on option 2" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.data_exported",
                                                      AuditEvent.actor_id == me.id)) is not None


def test_download_needs_a_post_with_a_token(client, login_as, csrf_enabled):
    login_as("practitioner")
    assert client.get("/my-data/download").status_code == 405
    assert client.post("/my-data/download").status_code == 400
