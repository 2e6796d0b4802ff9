"""Large downloads of a person's data, prepared by `flask worker` and fetched from a link that expires.

Small accounts get their zip in the request, as before. An account with more than
EXPORT_INLINE_MAX_RECORDS records (questions, answers, earlier versions, notifications) is queued: the
worker's `mydata-exports` job claims it (a conditional UPDATE, so two workers never build the same one),
builds the same zip, keeps it for EXPORT_LINK_DAYS and emails the person a link to their data page.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from champions.extensions import db
from champions.links import absolute_url
from champions.mydata.models import DataExport
from champions.timeutil import format_date, utcnow

STUCK_AFTER = timedelta(minutes=30)
PENDING = ("queued", "preparing")


def record_count(user) -> int:
    """How many of the big kinds of record the person has (one query), to choose in-request or queued."""
    from champions.notifications.models import Notification
    from champions.questions.models import Answer, Question
    from champions.revisions.models import Revision

    counts = [select(func.count(Question.id)).where(Question.author_id == user.id).scalar_subquery(),
              select(func.count(Answer.id)).where(Answer.author_id == user.id).scalar_subquery(),
              select(func.count(Revision.id)).where(Revision.editor_id == user.id).scalar_subquery(),
              select(func.count(Notification.id)).where(Notification.user_id == user.id).scalar_subquery()]
    return sum(db.session.execute(select(*counts)).one())


def too_large_for_a_request(user) -> bool:
    """True when the download should be prepared by the worker."""
    return record_count(user) > current_app.config.get("EXPORT_INLINE_MAX_RECORDS", 2000)


def latest_for(user) -> DataExport | None:
    """The person's most recent requested download, if any."""
    return db.session.scalar(select(DataExport).where(DataExport.user_id == user.id)
                             .order_by(DataExport.id.desc()).limit(1))


def request_export(user) -> DataExport:
    """Queue a download (or return the one already waiting), in the caller's transaction."""
    waiting = latest_for(user)
    if waiting is not None and waiting.status in PENDING:
        return waiting
    export = DataExport(user_id=user.id)
    db.session.add(export)
    db.session.flush()
    return export


def _claim(export_id: int, now) -> bool:
    claimed = db.session.execute(
        update(DataExport).where(DataExport.id == export_id, DataExport.status == "queued")
        .values(status="preparing", claimed_at=now).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def _build(export: DataExport) -> None:
    from champions.auth.models import User
    from champions.mydata.export import build_zip
    from champions.outbox.models import queue_email

    user = db.session.get(User, export.user_id)
    body = build_zip(user)
    now = utcnow()
    export.content, export.size, export.status = body, len(body), "ready"
    export.ready_at = now
    export.expires_at = now + timedelta(days=current_app.config.get("EXPORT_LINK_DAYS", 7))
    queue_email(user.email, "Your data from the SDS Champions Hub is ready to download",
                f"Hello {user.display_name},\n\nThe copy of your data you asked for is ready. Sign in and "
                f"download it from:\n{absolute_url('mydata.index')}\n\nThe download is there until "
                f"{format_date(export.expires_at)}.\n")


def prepare_pending(stop=None) -> dict[str, int]:
    """The worker's job: build each queued download, and drop the zips whose link has expired."""
    now = utcnow()
    db.session.execute(update(DataExport).where(DataExport.status == "preparing",
                                                DataExport.claimed_at < now - STUCK_AFTER)
                       .values(status="queued").execution_options(synchronize_session=False))
    expired = db.session.execute(update(DataExport).where(DataExport.status == "ready", DataExport.expires_at < now)
                                 .values(status="expired", content=None)
                                 .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    prepared = failed = 0
    for export_id in db.session.scalars(select(DataExport.id).where(DataExport.status == "queued")
                                        .order_by(DataExport.id)).all():
        if stop is not None and stop():
            break
        if not _claim(export_id, utcnow()):
            continue  # another worker took it
        export = db.session.get(DataExport, export_id, populate_existing=True)
        try:
            _build(export)
        except Exception:  # noqa: BLE001 - recorded on the export; the person can ask again
            db.session.rollback()
            current_app.logger.exception("Could not prepare data export %s", export_id)
            db.session.execute(update(DataExport).where(DataExport.id == export_id).values(status="failed"))
            failed += 1
        else:
            prepared += 1
        db.session.commit()
    return {"prepared": prepared, "failed": failed, "expired": expired or 0}
