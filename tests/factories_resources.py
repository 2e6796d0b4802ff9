"""Factories for resources and attachments: add and flush, never commit."""
from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

from werkzeug.datastructures import FileStorage

from champions.attachments import samples, service
from champions.extensions import db
from champions.resources.models import Resource
from champions.timeutil import utcnow
from tests import factories

_seq = itertools.count(1)


def resource(author=None, status: str = "published", visibility: str = "staff", kind: str = "guidance",
             tags=(), **kwargs) -> Resource:
    """A resource in the given status (published ones get a publish date and a future review date)."""
    n = next(_seq)
    item = Resource(title=kwargs.pop("title", f"Resource {n}"), summary=kwargs.pop("summary", f"Summary {n}."),
                    kind=kind, status=status, visibility=visibility,
                    author=author or factories.user("champion"), **kwargs)
    if status in ("published", "archived"):
        item.published_at = item.published_at or utcnow()
        item.review_due_on = item.review_due_on or date.today() + timedelta(days=365)
    if status == "submitted":
        item.submitted_at = utcnow()
    item.tags = list(tags)
    db.session.add(item)
    db.session.flush()
    return item


def upload(data: bytes, name: str) -> FileStorage:
    """An uploaded file, as a form gives it to a view."""
    return FileStorage(stream=io.BytesIO(data), filename=name)


def attachment(parent, data: bytes | None = None, name: str = "guide.pdf", uploader=None, alt_text: str = ""):
    """A checked and stored file on `parent` (a PDF saying "Sample guidance" unless given)."""
    data = data if data is not None else samples.pdf("Sample guidance", [f"Sample text {next(_seq)}."])
    checked = service.check(upload(data, name), confirmed=True)
    return service.save(checked, parent, uploader or factories.user("champion"), alt_text=alt_text)


def make_chi(ddmmyy: str = "120385", serial: str = "12") -> str:
    """An invented CHI with a valid date and a correct modulus 11 check digit."""
    for last in "0123456789":
        first9 = ddmmyy + serial + last
        total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return first9 + str(check)
    raise AssertionError("no check digit possible")
