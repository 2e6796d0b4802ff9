"""`flask backup DIR` and `flask restore BACKUP`: a consistent copy of a SQLite Hub while it runs, and back.

The copy holds the database (SQLite's online backup API: one read transaction, so writers carry on and
the copy is exactly the database at one moment), the Whoosh search index and uploaded files. The index's
writer lock is held from before the database is copied until the index is copied, so the copied index is
never ahead of the copied database; index work still waiting is in the copied database's queue and is
applied on restore. PostgreSQL is backed up with pg_dump instead (README, "Backups").
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from champions.extensions import db
from champions.search.common import IndexBusy

DATABASE_FILE = "database.sqlite3"
INDEX_FOLDER = "search-index"
UPLOADS_FOLDER = "uploads"
MANIFEST = "manifest.json"
PREFIX = "sds-hub-backup-"
POSTGRES_MESSAGE = ("This Hub's database is PostgreSQL: flask backup copies SQLite databases only. Back it up with "
                    "pg_dump -Fc (and restore with pg_restore) as the README's \"Backups\" section describes; copy "
                    "UPLOAD_DIR beside it when UPLOAD_STORAGE is local.")


def sqlite_path() -> Path:
    """The SQLite database file, or a ClickException saying why there is none to copy."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(POSTGRES_MESSAGE)
    database = db.engine.url.database  # Flask-SQLAlchemy has made a relative path absolute
    if not database or database == ":memory:":
        raise click.ClickException("This Hub's SQLite database is in memory: there is no file to back up.")
    return Path(database)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_only(path: Path) -> str:
    """A URI opening the file read-only (percent-encoded, so any folder name works)."""
    return path.resolve().as_uri() + "?mode=ro"


def _copy_database(source: Path, target: Path, single_file: bool = False) -> None:
    """Copy a live SQLite database with the online backup API, in one step (one consistent snapshot).
    single_file: leave the copy in rollback-journal mode, one self-contained file (the Hub sets WAL again)."""
    src = sqlite3.connect(source, timeout=30)  # only read; not mode=ro, which cannot open a WAL file without -shm
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        if single_file:
            dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _database_facts(path: Path) -> dict:
    """The copy's integrity check, migration revision and row counts, read from the copy itself."""
    connection = sqlite3.connect(_read_only(path), uri=True)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    finally:
        connection.close()
    return {"integrity": check, "revision": revision, "rows": counts}


def _local_uploads() -> Path | None:
    if current_app.config.get("UPLOAD_STORAGE", "local") != "local":
        return None  # the files' bytes are rows in the database, already copied
    return Path(current_app.config.get("UPLOAD_DIR") or os.path.join(current_app.instance_path, "uploads"))


def _copy_uploads(source: Path | None, target: Path) -> int:
    """Copy finished upload files (never a half-written `.part`); returns how many."""
    count = 0
    if source is None or not source.is_dir():
        return count
    for path in source.glob("*/*"):
        if path.is_file() and path.suffix != ".part":
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            count += 1
    return count


def make_backup(directory: Path, as_tar: bool = False) -> Path:
    """Write a timestamped backup folder (or .tar.gz) into `directory`; returns its path."""
    from contextlib import nullcontext

    from champions.search import index

    source = sqlite_path()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    folder = directory / f"{PREFIX}{stamp}"
    suffix = 1
    while folder.exists() or folder.with_name(folder.name + ".tar.gz").exists():
        suffix += 1
        folder = directory / f"{PREFIX}{stamp}-{suffix}"
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=directory))
    whoosh = current_app.config.get("SEARCH_BACKEND", "whoosh") == "whoosh"
    try:
        db.session.rollback()  # hold no snapshot of our own while copying
        held = index.held_for_backup() if whoosh else nullcontext(None)
        with held as copy_index:
            _copy_database(source, work / DATABASE_FILE, single_file=True)
            index_name = None
            if copy_index is not None:
                (work / INDEX_FOLDER).mkdir()
                index_name = copy_index(str(work / INDEX_FOLDER))
        uploads = _copy_uploads(_local_uploads(), work / UPLOADS_FOLDER)
        facts = _database_facts(work / DATABASE_FILE)
        if facts["integrity"] != "ok":
            raise click.ClickException(f"The copied database failed its integrity check: {facts['integrity']}")
        manifest = {
            "made_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "source": str(source),
            "database_sha256": _sha256(work / DATABASE_FILE), "revision": facts["revision"], "rows": facts["rows"],
            "search_index": index_name, "upload_storage": current_app.config.get("UPLOAD_STORAGE", "local"),
            "uploaded_files": uploads,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if as_tar:
            target = folder.with_name(folder.name + ".tar.gz")
            with tarfile.open(work.with_suffix(".tar.gz"), "w:gz") as tar:
                tar.add(work, arcname=folder.name)
            os.replace(work.with_suffix(".tar.gz"), target)
            shutil.rmtree(work)
            return target
        os.replace(work, folder)  # the folder appears complete, or not at all
        return folder
    except IndexBusy:
        shutil.rmtree(work, ignore_errors=True)
        raise click.ClickException("The search index stayed busy for a minute (a rebuild?): try again later.") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        work.with_suffix(".tar.gz").unlink(missing_ok=True)
        raise


def _open_backup(backup: Path, scratch: Path) -> Path:
    """The backup's folder: as given, or unpacked from a .tar.gz into `scratch`."""
    if backup.is_dir():
        return backup
    if not tarfile.is_tarfile(backup):
        raise click.ClickException(f"{backup} is neither a backup folder nor a .tar.gz made by flask backup.")
    with tarfile.open(backup) as tar:
        tar.extractall(scratch, filter="data")
    found = [path for path in scratch.iterdir() if path.is_dir()]
    if len(found) != 1:
        raise click.ClickException(f"{backup} does not hold one backup folder.")
    return found[0]


def restore_backup(backup: Path) -> dict:
    """Replace the database, search index and uploaded files with a backup's; returns its manifest."""
    from champions.search import index, jobs

    target = sqlite_path()
    with tempfile.TemporaryDirectory() as scratch:
        folder = _open_backup(backup, Path(scratch))
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{folder} has no readable {MANIFEST}: is it a backup made by flask backup?") \
                from exc
        if _sha256(folder / DATABASE_FILE) != manifest.get("database_sha256"):
            raise click.ClickException("The backup's database does not match its manifest: it is damaged.")
        db.session.remove()
        db.engine.dispose()  # no pooled connection may keep the old database's pages
        _copy_database(folder / DATABASE_FILE, target)
        if (folder / INDEX_FOLDER / "CURRENT").is_file() and current_app.config.get("SEARCH_BACKEND") == "whoosh":
            index.restore_copy(str(folder / INDEX_FOLDER))
        uploads = _local_uploads()
        if uploads is not None and (folder / UPLOADS_FOLDER).is_dir():
            _copy_uploads(folder / UPLOADS_FOLDER, uploads)
    if index.layout_problem():
        index.rebuild()  # no index in the backup, or one this release cannot read
    jobs.process_pending()  # index work that was waiting when the copy was made
    return manifest


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--tar", "as_tar", is_flag=True, help="Write one .tar.gz instead of a folder.")
@with_appcontext
def backup_command(directory: Path, as_tar: bool) -> None:
    """Copy the SQLite database, search index and uploaded files into DIRECTORY while the Hub runs."""
    started = time.monotonic()
    path = make_backup(directory, as_tar)
    manifest = json.loads((path / MANIFEST).read_text()) if path.is_dir() else None
    rows = f" ({sum(manifest['rows'].values())} rows, {manifest['uploaded_files']} files)" if manifest else ""
    click.echo(f"Backed up to {path}{rows} in {time.monotonic() - started:.1f} seconds.")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(backup: Path, yes: bool) -> None:
    """Replace this Hub's database, search index and uploaded files with BACKUP's. Stop the Hub first."""
    target = sqlite_path()
    if not yes:
        click.confirm(f"Replace the database {target}, the search index and uploaded files with {backup}? "
                      "Stop the web server and the worker first", abort=True)
    manifest = restore_backup(backup)
    click.echo(f"Restored the backup made at {manifest['made_at']} (migration {manifest['revision'] or 'none'}). "
               "Run `flask db upgrade` if this release is newer, then start the Hub.")
