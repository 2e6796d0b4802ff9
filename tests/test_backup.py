"""`flask backup` and `flask restore`: a copy made while people write restores to an identical database,
with its search index and uploaded files; PostgreSQL is refused with a pointer to pg_dump."""
from __future__ import annotations

import sqlite3
import tarfile
import threading
import time
from pathlib import Path

import pytest

from champions import create_app
from champions.attachments import service as attachments
from champions.config import test_config
from champions.extensions import db
from champions.search import enqueue, index
from tests import factories, factories_questions, factories_resources
from tests.dbutil import postgres_base_url

sqlite_only = pytest.mark.skipif(bool(postgres_base_url()), reason="flask backup copies SQLite databases; this run "
                                 "uses PostgreSQL (its refusal is tested in test_postgres_is_refused_with_a_pointer_to_pg_dump)")


def rows(path: Path) -> dict[str, list[str]]:
    """Every row of every table, in a comparable form."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(repr(r) for r in connection.execute(f'SELECT * FROM "{t}"')) for t in tables}
    finally:
        connection.close()


def same_but_the_search_queue(restored: dict, backup: dict) -> bool:
    """Row by row identical, except that restoring has applied the index work the backup had waiting."""
    assert restored.pop("search_job") == [], "restore leaves no index work waiting"
    assert backup.pop("search_job"), "the backup was taken with index work waiting"
    assert restored == backup, "the restored database differs from the backup"
    return True


def live_database(app) -> Path:
    return Path(db.engine.url.database)


def ask(title: str):
    """A question, queued for the index as posting one queues it (the factory does not)."""
    question = factories_questions.question(title=title)
    enqueue("question", question.id)
    return question


def titles(person, words: str) -> set[str]:
    return {hit.title for hit in index.query(person, words).hits}


class Writer(threading.Thread):
    """Posts a question (with its author and first revision) per transaction until stopped."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.stop, self.written, self.error = app, threading.Event(), 0, None

    def run(self):
        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    ask(f"Written during the backup {self.written:04d}")
                    db.session.commit()
                    self.written += 1
                db.session.remove()
        except Exception as exc:  # reported by the test
            self.error = exc


def _backup(runner, folder: Path, *extra: str) -> Path:
    result = runner.invoke(args=["backup", str(folder), *extra])
    assert result.exit_code == 0, result.output
    assert "Backed up to" in result.output
    [made] = [p for p in folder.iterdir() if p.name.startswith("sds-hub-backup-")]
    return made


@sqlite_only
def test_a_backup_taken_while_people_write_restores_an_identical_database_and_working_search(app, runner, tmp_path):
    reader = factories.user("practitioner")
    ask("Kangaroo care budgets before the backup")
    resource = factories_resources.resource()
    stored = factories_resources.attachment(resource)
    db.session.commit()
    stored_id, stored_key, reader_id = stored.id, stored.storage_key, reader.id
    assert titles(reader, "kangaroo") == {"Kangaroo care budgets before the backup"}

    writer = Writer(app)
    writer.start()
    while writer.written < 5 and writer.is_alive():
        time.sleep(0.01)  # let the writes get going before the copy starts
    backup = _backup(runner, tmp_path / "backups")
    written_by_then = writer.written
    while writer.written < written_by_then + 5 and writer.is_alive():
        time.sleep(0.01)  # and carry on after it
    writer.stop.set()
    writer.join(30)
    assert writer.error is None, writer.error

    # The copy is one moment of the database: every table a part of today's, the questions a prefix of them.
    copied, source = rows(backup / "database.sqlite3"), rows(live_database(app))
    for table, copied_rows in copied.items():
        assert set(copied_rows) <= set(source[table]), f"{table} has rows the Hub never had"
    with sqlite3.connect(backup / "database.sqlite3") as connection:
        copied_ids = [r[0] for r in connection.execute("SELECT id FROM question ORDER BY id")]
    assert copied_ids == list(range(1, len(copied_ids) + 1))
    assert 1 + 5 <= len(copied_ids) < 1 + writer.written, "the copy was taken while questions were being written"
    assert (backup / "uploads").is_dir() and any((backup / "uploads").rglob(stored_key))

    # Change everything after the backup: a new question, indexed; the uploaded file lost.
    ask("Kangaroo question after the backup")
    db.session.commit()
    assert len(titles(reader, "kangaroo")) == 2
    for path in Path(app.config["UPLOAD_DIR"]).rglob(stored_key):
        path.unlink()

    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert same_but_the_search_queue(rows(live_database(app)), copied)
    reader = db.session.get(type(reader), reader_id)  # restoring ended the session that had loaded it
    # Search answers from the restored index (the later question is gone from it) and finds the questions the
    # backup's queue still had waiting.
    assert titles(reader, "kangaroo") == {"Kangaroo care budgets before the backup"}
    found = {title for title in titles(reader, "written during the backup") if title.startswith("Written")}
    assert len(found) == len(copied_ids) - 1
    restored = db.session.get(type(stored), stored_id)
    assert attachments.read_bytes(restored)[:5] == b"%PDF-"


@sqlite_only
def test_restore_asks_first_and_refuses_what_is_not_a_backup(app, runner, tmp_path):
    ask("Kept safe")
    db.session.commit()
    backup = _backup(runner, tmp_path / "backups")
    result = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code == 1 and "Stop the web server and the worker first" in result.output
    (tmp_path / "junk.txt").write_text("not a backup")
    result = runner.invoke(args=["restore", str(tmp_path / "junk.txt"), "--yes"])
    assert result.exit_code == 1 and "neither a backup folder nor a .tar.gz" in result.output
    (backup / "database.sqlite3").write_bytes(b"damaged")
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 1 and "damaged" in result.output


@sqlite_only
def test_a_tarball_backup_restores_too(app, runner, tmp_path):
    reader = factories.user("practitioner")
    ask("Wallaby direct payments")
    db.session.commit()
    reader_id = reader.id
    tarball = _backup(runner, tmp_path / "backups", "--tar")
    assert tarball.name.endswith(".tar.gz") and tarfile.is_tarfile(tarball)
    expected = rows(live_database(app))
    ask("Wallaby written later")
    db.session.commit()
    result = runner.invoke(args=["restore", str(tarball), "--yes"])
    assert result.exit_code == 0, result.output
    assert same_but_the_search_queue(rows(live_database(app)), expected)
    reader = db.session.get(type(reader), reader_id)
    assert titles(reader, "wallaby") == {"Wallaby direct payments"}


def test_postgres_is_refused_with_a_pointer_to_pg_dump(tmp_path):
    url = postgres_base_url() or "postgresql+psycopg://nobody@127.0.0.1:9/not_used"
    application = create_app(test_config(str(tmp_path), url))
    result = application.test_cli_runner().invoke(args=["backup", str(tmp_path / "backups")])
    assert result.exit_code == 1
    assert "PostgreSQL" in result.output and "pg_dump -Fc" in result.output and "README" in result.output
    assert not (tmp_path / "backups").exists()
    result = application.test_cli_runner().invoke(args=["restore", str(tmp_path), "--yes"])
    assert result.exit_code == 1 and "pg_dump" in result.output
