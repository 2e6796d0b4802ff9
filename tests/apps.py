"""One app per test process, handed to each test as new: its config restored, an empty database and index.

Building an app compiles every route (about 0.2 s), so the suite builds one per process (and one per
search backend for the search tests) instead of one per test. `SharedApp.fresh(tmp_path)` is the
per-test part: the config as built, a new search index folder and mail folder, and an empty database
(a copy of an empty SQLite file made once; on PostgreSQL the tables are emptied after the test).
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, g, request_started
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import Table, text

from champions import create_app
from champions.config import test_config
from champions.extensions import db, limiter


def run_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this test run shares (the base temporary folder's parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def share_compiled_templates(application: Flask, tmp_path_factory) -> Flask:
    """Keep the app's compiled templates in one folder for the whole run, as production keeps them
    (champions/templating.py): each test process and app then loads what the first one compiled instead of
    compiling every template again (Jinja writes each file whole, then renames it, so processes can share)."""
    folder = run_folder(tmp_path_factory) / "jinja-cache"
    folder.mkdir(exist_ok=True)
    application.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return application


def _fresh_g(sender, **extra):
    g._get_current_object().__dict__.clear()


def _for_one_test(application: Flask, pristine: dict, tmp_path: Path) -> None:
    """Give an app its config as built, this test's folders, no search engine yet and the limiter switched as
    its settings say (Flask-Limiter keeps its on/off switch on the one `limiter` object: a test that built a
    second app with limits on must not leave them on for the next)."""
    application.config.clear()
    application.config.update(pristine)
    application.config.update(SEARCH_INDEX_DIR=str(tmp_path / "search-index"), MAIL_DIR=str(tmp_path / "mail"),
                              UPLOAD_DIR=str(tmp_path / "uploads"))
    _forget_search(application)
    limiter.enabled = application.config["RATELIMIT_ENABLED"]


def _forget_search(application: Flask) -> None:
    application.extensions.pop("search", None)
    application.extensions.pop("search_pending", None)


@dataclass
class SharedApp:
    app: Flask
    pristine: dict
    template: Path | None  # the empty SQLite file to copy, or None on PostgreSQL
    extra_tables: tuple[Table, ...] = ()

    @classmethod
    def build(cls, folder: Path, url: str | None, extra_tables: tuple[Table, ...] = (), **settings) -> "SharedApp":
        """Create the app with the test settings (CSRF off) and an empty database with every table."""
        config = test_config(str(folder), url)
        config["WTF_CSRF_ENABLED"] = False
        config.update(settings)
        application = create_app(config)
        # Tests keep one app context open, which requests reuse: give each request a fresh `g`
        # so nothing (such as Flask-Login's cached user) leaks from one request to the next.
        request_started.connect(_fresh_g, application)
        with application.app_context():
            if url:
                # A database left by an earlier process of this run may hold rows: start from nothing.
                db.drop_all()
                for table in extra_tables:
                    table.drop(db.engine, checkfirst=True)
            db.create_all()
            for table in extra_tables:
                table.create(db.engine, checkfirst=True)
            db.engine.dispose()  # checkpoints the WAL into the main file
        template = None
        if not url:
            template = folder / "template.db"
            shutil.copyfile(folder / "test.db", template)
        return cls(application, dict(application.config), template, extra_tables)

    @contextmanager
    def fresh(self, tmp_path: Path):
        """The app as built, in an app context, with an empty database and search index for one test."""
        application = self.app
        _for_one_test(application, self.pristine, tmp_path)
        with application.app_context():
            if self.template is None:
                # Another test of this process may have dropped every table (tests/test_migrations.py).
                for table in self.extra_tables:
                    table.create(db.engine, checkfirst=True)
            else:
                db.engine.dispose()
                database = Path(application.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
                for extra in ("-wal", "-shm"):
                    Path(f"{database}{extra}").unlink(missing_ok=True)
                shutil.copyfile(self.template, database)
            try:
                yield application
            finally:
                db.session.remove()
                _forget_search(application)
                if self.template is None:
                    # Emptying the tables is much faster on PostgreSQL than dropping and recreating them.
                    tables = [*db.metadata.sorted_tables, *self.extra_tables]
                    names = ", ".join(f'"{table.name}"' for table in tables)
                    with db.engine.begin() as connection:
                        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                db.engine.dispose()


@dataclass
class SecondApp:
    """A second app with settings of its own (such as rate limits on) on the database of the test's app.

    Built once per test module (building an app compiles every route); `fresh(tmp_path)` hands it to one test
    with its config as built, the test's folders and the limiter switched on or off by its settings.
    """
    app: Flask
    pristine: dict

    @classmethod
    def build(cls, shared: SharedApp, folder: Path, tmp_path_factory, **settings) -> "SecondApp":
        config = test_config(str(folder), None)
        config["WTF_CSRF_ENABLED"] = False
        config.update(settings, SQLALCHEMY_DATABASE_URI=shared.pristine["SQLALCHEMY_DATABASE_URI"])
        application = share_compiled_templates(create_app(config), tmp_path_factory)
        return cls(application, dict(application.config))

    @contextmanager
    def fresh(self, tmp_path: Path):
        """This app in an app context for one test, inside the test's own app (whose database it uses)."""
        application = self.app
        _for_one_test(application, self.pristine, tmp_path)
        with application.app_context():
            limiter.reset()
            try:
                yield application
            finally:
                limiter.reset()
                db.session.remove()
                _forget_search(application)
                db.engine.dispose()
