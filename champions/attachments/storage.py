"""Where a file's bytes live: one interface, two backends.

LocalStorage (the default) keeps them under instance/uploads; DatabaseStorage keeps them in the
attachment_blob table, for several app servers sharing PostgreSQL with no shared disk
(UPLOAD_STORAGE=database). Keys are random, never the uploader's file name.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from champions.extensions import db


class StorageError(RuntimeError):
    """The bytes could not be saved or read."""


def new_key() -> str:
    """A fresh random key for a file's bytes."""
    return secrets.token_hex(20)


class LocalStorage:
    """Files on local disk: written to a temporary name, then renamed, so no half-written file is ever read."""

    def __init__(self, root: str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key.isalnum():
            raise StorageError("not a storage key")
        return self.root / key[:2] / key

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".part")
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.glob("*/*") if p.is_file() and p.suffix != ".part"}


class DatabaseStorage:
    """Files in the attachment_blob table, saved in the same transaction as their record."""

    def save(self, key: str, data: bytes) -> None:
        from champions.attachments.models import AttachmentBlob

        db.session.add(AttachmentBlob(key=key, data=data))

    def read(self, key: str) -> bytes:
        from champions.attachments.models import AttachmentBlob

        data = db.session.scalar(select(AttachmentBlob.data).where(AttachmentBlob.key == key))
        if data is None:
            raise StorageError("no such file")
        return bytes(data)

    def delete(self, key: str) -> None:
        from champions.attachments.models import AttachmentBlob

        blob = db.session.get(AttachmentBlob, key)
        if blob is not None:
            db.session.delete(blob)

    def exists(self, key: str) -> bool:
        from champions.attachments.models import AttachmentBlob

        return db.session.scalar(select(AttachmentBlob.key).where(AttachmentBlob.key == key)) is not None

    def keys(self) -> set[str]:
        from champions.attachments.models import AttachmentBlob

        return set(db.session.scalars(select(AttachmentBlob.key)))


def backend():
    """The storage the app is configured with (UPLOAD_STORAGE: "local", the default, or "database")."""
    if current_app.config.get("UPLOAD_STORAGE", "local") == "database":
        return DatabaseStorage()
    return LocalStorage(current_app.config.get("UPLOAD_DIR") or os.path.join(current_app.instance_path, "uploads"))
