"""An index built by older code, or a broken one: search says it is being rebuilt, `ensure` fixes it."""
from __future__ import annotations

import logging
import os

import pytest
from sqlalchemy import text
from whoosh import index as whoosh_index
from whoosh.fields import ID

from champions.extensions import db
from champions.search.engine import engine
from champions.search import index
from champions.search.whoosh_store import LAYOUT_FILE, LAYOUT_VERSION, make_schema
from tests import factories
from tests.factories_search import note

EACH_SEARCH_BACKEND = True  # each test runs on Whoosh and on PostgreSQL (tests/search/conftest.py)

REBUILDING = "Search is being rebuilt, try again in a minute."


def _indexed_note():
    note(title="Carer respite budget", body="How a carer can use a respite budget.")
    db.session.commit()
    assert index.query(factories.user("practitioner"), "respite").total == 1


def _install_old_whoosh_index(app, schema) -> None:
    """Point CURRENT at an index built with `schema` (same layout version: only the schema differs)."""
    base = app.config["SEARCH_INDEX_DIR"]
    path = os.path.join(base, "old-layout")
    os.makedirs(path)
    ix = whoosh_index.create_in(path, schema)
    writer = ix.writer()
    writer.add_document(doc_id="note:1", source="note:1", kind="note", title="Carer respite budget",
                        body="How a carer can use a respite budget.", visibility="staff")
    writer.commit()
    with open(os.path.join(path, LAYOUT_FILE), "w", encoding="utf-8") as handle:
        handle.write(LAYOUT_VERSION)
    with open(os.path.join(base, "CURRENT"), "w", encoding="utf-8") as handle:
        handle.write("old-layout")
    app.extensions.pop("search", None)  # a new worker after `git pull`


def _break_the_index(app) -> None:
    """Make the live index unusable in the way this backend can be."""
    if app.config["SEARCH_BACKEND"] == "whoosh":
        schema = make_schema()
        schema.remove("kind")
        schema.add("kind", ID(stored=True))  # not sortable: "No column for field 'kind'"
        _install_old_whoosh_index(app, schema)
    else:
        db.session.execute(text("ALTER TABLE search_document DROP COLUMN tsv"))
        db.session.commit()


@pytest.fixture
def restore_tsv(app):
    yield
    if app.config["SEARCH_BACKEND"] == "postgres":
        db.session.rollback()
        missing = engine()._missing_ddl()
        if missing:
            for statement in missing:
                db.session.execute(text(statement))
            db.session.commit()


def test_an_index_from_older_code_shows_a_message_not_an_error(app, client, login_as, caplog, restore_tsv):
    _indexed_note()
    _break_the_index(app)
    login_as("practitioner")
    with caplog.at_level(logging.ERROR):
        response = client.get("/search/?q=respite")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert REBUILDING in page and "0 results" not in page
    assert any("flask search ensure" in r.getMessage() for r in caplog.records)


def test_ensure_notices_an_older_index_and_rebuilds_it(app, runner, client, login_as, restore_tsv):
    _indexed_note()
    _break_the_index(app)
    assert index.layout_problem() is not None
    result = runner.invoke(args=["search", "ensure"])
    assert result.exit_code == 0, result.output
    expected = "older schema: field 'kind' is defined differently" if app.config["SEARCH_BACKEND"] == "whoosh" \
        else "older layout"
    assert expected in result.output and "Built the search index: 1 documents." in result.output
    assert index.layout_problem() is None
    assert "up to date" in runner.invoke(args=["search", "ensure"]).output
    login_as("practitioner")
    page = client.get("/search/?q=respite").get_data(as_text=True)
    assert "Carer respite budget" in page and REBUILDING not in page


def test_check_rebuilds_an_older_index_too(app, runner, restore_tsv):
    _indexed_note()
    _break_the_index(app)
    assert "Not rebuilt" in runner.invoke(args=["search", "check", "--no-repair"]).output
    result = runner.invoke(args=["search", "check"])
    assert "rebuilding it" in result.output and "Built the search index: 1 documents." in result.output
    assert "nothing to repair" in runner.invoke(args=["search", "check"]).output


def test_whoosh_index_without_a_layout_version_is_rebuilt(app, runner):
    if app.config["SEARCH_BACKEND"] != "whoosh":
        pytest.skip("the layout file belongs to the Whoosh index")
    _indexed_note()
    name = index.engine().current_name()
    os.remove(os.path.join(app.config["SEARCH_INDEX_DIR"], name, LAYOUT_FILE))
    assert "layout version none" in index.layout_problem()
    result = runner.invoke(args=["search", "ensure"])
    assert "Built the search index: 1 documents." in result.output
    assert index.query(factories.user("practitioner"), "respite").total == 1


def test_a_damaged_whoosh_index_shows_the_message_and_ensure_repairs_it(app, client, login_as, runner):
    if app.config["SEARCH_BACKEND"] != "whoosh":
        pytest.skip("damaged files are a Whoosh matter")
    _indexed_note()
    folder = os.path.join(app.config["SEARCH_INDEX_DIR"], index.engine().current_name())
    for entry in os.listdir(folder):
        if not entry.endswith(".toc") and entry != LAYOUT_FILE:
            os.remove(os.path.join(folder, entry))  # the segment files are gone
    app.extensions.pop("search", None)
    login_as("practitioner")
    response = client.get("/search/?q=respite")
    assert response.status_code == 200 and REBUILDING in response.get_data(as_text=True)
    assert "cannot be read" in runner.invoke(args=["search", "ensure"]).output
    assert "Carer respite budget" in client.get("/search/?q=respite").get_data(as_text=True)


def test_index_work_waits_while_the_index_is_outdated_and_nothing_is_lost(app, runner):
    if app.config["SEARCH_BACKEND"] != "whoosh":
        pytest.skip("PostgreSQL writes rows in the same database; only Whoosh has an index to outdate")
    from champions.search import jobs
    from champions.search.models import SearchJob

    _indexed_note()
    _break_the_index(app)
    note(title="Written after the pull", body="A new note about direct payments.")
    db.session.commit()
    assert jobs.process_pending() == 0 and db.session.query(SearchJob).count() == 1
    assert "Built the search index: 2 documents." in runner.invoke(args=["search", "ensure"]).output
    jobs.process_pending()
    assert index.check(repair=False).clean
    assert index.query(factories.user("practitioner"), "direct payments").total == 1


def test_whoosh_is_the_exact_release_the_fast_path_reads():
    """whoosh_fast reads Whoosh's private internals: another release must fail here, not in search."""
    import tomllib
    from pathlib import Path

    import whoosh

    from champions.search.whoosh_fast import WRITTEN_FOR_WHOOSH

    assert whoosh.versionstring() == WRITTEN_FOR_WHOOSH
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert f"Whoosh-Reloaded=={WRITTEN_FOR_WHOOSH}" in pyproject["project"]["dependencies"]
