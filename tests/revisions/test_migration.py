"""The migration to one revision table keeps every earlier version (and what email is about), up and back down."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from champions.auth.models import User
from champions.extensions import db

BEFORE = "a7c3e5d91f20"
WHEN = datetime(2026, 11, 1, 10, 0, tzinfo=timezone.utc)


def _drop_everything():
    with db.engine.begin() as connection:
        for name in ("meeting_revision", "practice_revision", "partner_update_revision", "reflection_revision"):
            connection.execute(text(f"DROP TABLE IF EXISTS {name}"))
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _insert(connection, table_name: str, /, **values) -> None:
    """A row with these values; every other required column gets a plain value of its type."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        kind = column.type.python_type
        values[column.name] = {int: 1, bool: False, str: "x", datetime: WHEN, date: date(2026, 11, 1)}.get(kind, "")
    connection.execute(table.insert().values(**values))


def _old_rows(connection) -> None:
    _insert(connection, "user", id=1, email="champ@example.org", display_name="Chris Champion", role="champion",
            active=True, email_confirmed_at=WHEN, email_frequency="none")
    _insert(connection, "organisation", id=1, name="Carers Together")
    _insert(connection, "meeting", id=1, title="November meeting", status="published", visibility="staff",
            starts_at=WHEN, created_by_id=1, updated_by_id=1)
    _insert(connection, "meeting_revision", id=1, meeting_id=1, summary="Edited the notes for 'Budgets'",
            content="# November meeting\n\nThe notes before.", created_by_id=1, created_at=WHEN)
    _insert(connection, "practice_example", id=1, title="Now", summary="Now", status="published", author_id=1,
            visibility="staff", contact_id=None)
    _insert(connection, "practice_revision", id=1, example_id=1, editor_id=1, created_at=WHEN, title="Then",
            summary="The summary then", situation="The situation then", action="What was done then",
            outcomes_text="Outcomes then", team_or_area="North", visibility="staff", tag_names="Carers")
    _insert(connection, "partner_update", id=1, title="Now", organisation_id=1, author_id=1, category="events")
    _insert(connection, "partner_update_revision", id=1, update_id=1, editor_id=1, created_at=WHEN,
            title="Coffee morning", body="On Friday.", category="events", event_date=date(2026, 11, 6))
    _insert(connection, "module", id=1, title="Welcome", status="published", version=1, audience="staff")
    _insert(connection, "lesson", id=1, module_id=1, position=1, title="Budgets v2", body="Second wording.")
    for n, (before, after) in enumerate([(None, ("Budgets", "First wording.")),
                                         (("Budgets", "First wording."), ("Budgets v2", "Second wording."))], start=1):
        _insert(connection, "audit_event", id=n, created_at=WHEN, actor_id=1, action="induction.lesson_save",
                target_type="lesson", target_id=1, summary="",
                before_json=json.dumps({"title": before[0], "body": before[1]}) if before else "",
                after_json=json.dumps({"title": after[0], "body": after[1]}))
    _insert(connection, "reflection", id=1, user_id=1, lesson_id=1, text="Now I think this.")
    _insert(connection, "reflection_revision", id=1, reflection_id=1, text="At first I thought that.", saved_at=WHEN)
    for n, (status, body) in enumerate([("queued", "See https://hub.example/questions/12#answer-3 and /questions/7"),
                                        ("sent", "See https://hub.example/questions/12")], start=1):
        _insert(connection, "outbox_message", id=n, to_address="a@example.org", subject="s", body=body,
                status=status, attempts=0, next_attempt_at=WHEN, created_at=WHEN)


def _versions(connection) -> dict[str, list[dict]]:
    rows = connection.execute(text("SELECT content_type, object_id, editor_id, title, summary, body, visibility, extra "
                                   "FROM revision ORDER BY id")).mappings()
    found: dict[str, list[dict]] = {}
    for row in rows:
        row = dict(row)
        row["extra"] = row["extra"] if isinstance(row["extra"], dict) else json.loads(row["extra"])
        found.setdefault(row.pop("content_type"), []).append(row)
    return found


def test_earlier_versions_move_into_the_one_table_and_back(app, client, login_as):
    _drop_everything()
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        _old_rows(connection)
    upgrade()
    with db.engine.connect() as connection:
        found = _versions(connection)
        subjects = connection.execute(text("SELECT message_id, subject FROM outbox_subject ORDER BY id")).all()
        tables = set(sa.inspect(connection).get_table_names())
    assert not tables & {"meeting_revision", "practice_revision", "partner_update_revision", "reflection_revision"}
    assert found["meeting"] == [{"object_id": 1, "editor_id": 1, "title": "", "summary": "Edited the notes for 'Budgets'",
                                 "body": "# November meeting\n\nThe notes before.", "visibility": "staff", "extra": {}}]
    assert found["practice_example"][0]["extra"] == {
        "situation": "The situation then", "action": "What was done then", "outcomes_text": "Outcomes then",
        "team_or_area": "North", "tag_names": "Carers"}
    assert found["practice_example"][0]["summary"] == "The summary then"
    assert found["update"][0]["extra"] == {"category": "events", "event_date": "2026-11-06"}
    assert [(v["title"], v["body"]) for v in found["lesson"]] == [("Budgets", "First wording."),
                                                                 ("Budgets v2", "Second wording.")]
    assert found["reflection"] == [{"object_id": 1, "editor_id": 1, "title": "", "summary": "",
                                    "body": "At first I thought that.", "visibility": "staff", "extra": {}}]
    assert subjects == [(1, "question:12"), (1, "question:7")]  # the sent email needs nothing

    # What people see is what the old tables showed.
    login_as(db.session.get(User, 1))
    assert "The notes before." in client.get("/meetings/1/changes").text
    history = client.get("/practice/1/history").text
    assert "The situation then" in history and "Carers" in history
    changes = client.get("/induction/manage/modules/1/lessons/1/changes").text
    assert changes.count("Changed by") == 1 and changes.count("Added by") == 1 and "First wording." in changes
    assert "At first I thought that." in client.get("/induction/modules/1/lessons/1").text

    db.session.remove()
    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT content FROM meeting_revision")).scalar() == "# November meeting\n\nThe notes before."
        assert connection.execute(text("SELECT situation, tag_names FROM practice_revision")).one() == ("The situation then", "Carers")
        assert connection.execute(text("SELECT title, category FROM partner_update_revision")).one() == ("Coffee morning", "events")
        assert connection.execute(text("SELECT text FROM reflection_revision")).scalar() == "At first I thought that."
        assert connection.execute(text("SELECT content_type FROM revision")).all() == []
    _drop_everything()
    db.create_all()
