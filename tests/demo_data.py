"""The demo data (`flask seed-demo`), seeded once per test run on SQLite and copied wherever a test needs it.

Seeding takes seconds. The first test process that needs it seeds a database, search index and uploads
folder under a file lock, in a folder every pytest-xdist worker of this run shares; each browser live
server (tests/browser/conftest.py) and each test asking for the `demo` fixture (tests/conftest.py) then
copies that folder. On PostgreSQL each database is seeded where it is used.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from champions import create_app
from champions.config import test_config
from champions.extensions import db


def seed(settings: dict) -> None:
    """Create the tables and run `flask seed-demo` against these settings."""
    app = create_app(settings)
    # In this app's context: a test's own app context may be open, and the command would run in that one.
    with app.app_context():
        if settings["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.drop_all()
        db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        if result.exit_code != 0 or "Demo content is ready." not in result.output:
            raise RuntimeError(f"seed-demo failed:\n{result.output}\n{result.exception!r}") from result.exception
        from champions.search import jobs

        while jobs.process_pending(app):  # index the demo now, not in each copy's first test
            pass
        db.session.remove()
        db.engine.dispose()  # checkpoints SQLite's write-ahead log into the file we copy


def seeded_folder(tmp_path_factory) -> Path:
    """A folder holding an SQLite database (test.db), search index and uploads with the demo seeded, made once per run."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the parent is this run's own
    folder = root / "demo-seeded"
    with open(root / "demo-seeded.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").exists():
            folder.mkdir(exist_ok=True)
            seed(test_config(str(folder), None))
            (folder / "ready").touch()
    return folder


def copy_seeded(folder: Path, database: Path, search_index: Path, uploads: Path) -> None:
    """Put the seeded database file, search index and uploads where an app of a test will look for them."""
    for extra in ("-wal", "-shm"):
        Path(f"{database}{extra}").unlink(missing_ok=True)
    shutil.copyfile(folder / "test.db", database)
    for source, target in ((folder / "search-index", search_index), (folder / "uploads", uploads)):
        shutil.rmtree(target, ignore_errors=True)
        if source.exists():  # the index is built when the demo is seeded; files exist with local storage
            shutil.copytree(source, target)
