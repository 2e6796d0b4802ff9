"""The migrations build the same schema as the models, up from empty and back down, on each database."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from champions.database import include_in_migrations
from champions.extensions import db


def _drop_everything():
    """Every table in the database, the app's and any other (a search test's note table), goes."""
    db.drop_all()
    cascade = " CASCADE" if db.engine.dialect.name == "postgresql" else ""
    with db.engine.begin() as connection:
        for name in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{name}"{cascade}'))


def test_upgrade_to_head_matches_models_then_downgrade_to_base(app):
    _drop_everything()
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"user", "organisation", "outbox_message", "audit_event", "question", "meeting", "module",
            "practice_example", "partner_update", "notification", "search_document"} <= tables
    if db.engine.dialect.name == "postgresql":
        columns = {column["name"] for column in inspect(db.engine).get_columns("search_document")}
        assert "tsv" in columns, "the full-text search column is made by the migration on PostgreSQL"
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "include_object": include_in_migrations})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations differ (run flask db migrate): {differences}"
    downgrade(revision="base")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    db.create_all()  # leave the schema the app fixture expects to drop


def test_notifications_from_before_subjects_get_theirs_from_their_link(app):
    _drop_everything()
    upgrade(revision="6e53b90f7637")
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO \"user\" (id, email, display_name, job_title, role, password_hash, active, session_version, "
            "email_frequency, created_at) VALUES (1, 'a@example.org', 'A', '', 'practitioner', '', true, 1, 'none', "
            "'2026-11-01 10:00:00+00:00')"))
        for n, url in enumerate(["/questions/5#answer-2", "/meetings/3", "/induction/"], start=1):
            connection.execute(text(
                "INSERT INTO notification (id, user_id, kind, title, url, visibility, created_at) "
                "VALUES (:id, 1, 'k', 't', :url, 'staff', '2026-11-01 10:00:00+00:00')"), {"id": n, "url": url})
    upgrade()
    with db.engine.connect() as connection:
        subjects = dict(connection.execute(text("SELECT url, subject FROM notification")).all())
    assert subjects == {"/questions/5#answer-2": "question:5", "/meetings/3": "meeting:3", "/induction/": None}
    _drop_everything()
    db.create_all()


def test_migrations_do_not_import_the_application():
    """A migration must run the same in a year, whatever the app's code has become: it imports only Alembic and SQLAlchemy."""
    from pathlib import Path

    folder = Path(__file__).parents[1] / "migrations"
    for path in [*sorted((folder / "versions").glob("*.py")), folder / "script.py.mako"]:
        for line in path.read_text().splitlines():
            if line.startswith(("import ", "from ")):
                assert "champions" not in line, f"{path.name} imports application code: {line}"


def test_standards_named_to_confirm_get_neutral_labels_and_renamed_ones_are_kept(app):
    _drop_everything()
    upgrade(revision="3b94ae3ddaa1")
    with db.engine.begin() as connection:
        for n, (slug, name) in enumerate([("standard-5", "Standard 5 (name to confirm)"),
                                          ("standard-7", "Standard 7: Named by a champion"),
                                          ("standard-6", "Standard 6: Risk enablement")], start=1):
            connection.execute(text(
                "INSERT INTO tag (id, slug, name, kind, description, edition, \"group\", sort_order) "
                "VALUES (:id, :slug, :name, 'standard', '', '2024', '', :id)"), {"id": n, "slug": slug, "name": name})
    upgrade()
    with db.engine.connect() as connection:
        names = dict(connection.execute(text("SELECT slug, name FROM tag")).all())
    assert names == {"standard-5": "Standard 5", "standard-7": "Standard 7: Named by a champion",
                     "standard-6": "Standard 6: Risk enablement"}
    _drop_everything()
    db.create_all()


def test_the_search_change_feed_migration_creates_what_the_model_creates():
    """The migration keeps a frozen copy of the change feed's DDL (migrations import no app code): the same text."""
    import importlib.util
    from pathlib import Path

    from champions.search.models import CHANGE_DDL

    path = Path(__file__).parent.parent / "migrations" / "versions" / "d5a8c3e1f7b2_search_change_feed.py"
    spec = importlib.util.spec_from_file_location("change_feed_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.CHANGE_DDL == CHANGE_DDL
