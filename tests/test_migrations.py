"""The migrations build the same schema as the models, up from empty and back down, on each database."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from champions.database import include_in_migrations
from champions.extensions import db


def _drop_everything():
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


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
