"""One revision table for every content type; email remembers what it is about

Meetings, practice examples, partner updates and reflections kept their earlier versions in tables of
their own, and lessons' earlier versions were read from the audit log: their rows move into `revision`
(the table questions and answers used) and the old tables go. Emails get `outbox_subject` rows naming the
content they quote, so removing personal data reaches unsent email without matching links in its text.

Revision ID: e5b2c8d4f1a6
Revises: a7c3e5d91f20
Create Date: 2026-12-02 09:00:00

"""
import json
import re
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b2c8d4f1a6'
down_revision = 'a7c3e5d91f20'
branch_labels = None
depends_on = None

LINK = re.compile(r"/(questions|meetings|practice|updates)/(\d+)(?!\d)")
KINDS = {"questions": "question", "meetings": "meeting", "practice": "practice_example", "updates": "update"}
PRACTICE_EXTRA = ("situation", "action", "outcomes_text", "team_or_area", "tag_names")

revision_table = sa.table(
    "revision", sa.column("id", sa.Integer), sa.column("content_type", sa.String), sa.column("object_id", sa.Integer),
    sa.column("editor_id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("title", sa.String), sa.column("summary", sa.String), sa.column("body", sa.Text),
    sa.column("visibility", sa.String), sa.column("extra", sa.JSON))


def _old_tables():
    """The tables this revision removes, as they were (for reading them now and making them again on downgrade)."""
    # The default naming convention names each index ix_<table>_<column>, as the first migration did.
    metadata = sa.MetaData()
    sa.Table("user", metadata, sa.Column("id", sa.Integer, primary_key=True))
    for name in ("meeting", "practice_example", "partner_update", "reflection"):
        sa.Table(name, metadata, sa.Column("id", sa.Integer, primary_key=True))
    meeting = sa.Table(
        "meeting_revision", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meeting.id", name="fk_meeting_revision_meeting_id_meeting"), nullable=False, index=True),
        sa.Column("summary", sa.String(300), nullable=False), sa.Column("content", sa.Text, nullable=False),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("user.id", name="fk_meeting_revision_created_by_id_user"), index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False))
    practice = sa.Table(
        "practice_revision", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("example_id", sa.Integer, sa.ForeignKey("practice_example.id", name="fk_practice_revision_example_id_practice_example"), nullable=False, index=True),
        sa.Column("editor_id", sa.Integer, sa.ForeignKey("user.id", name="fk_practice_revision_editor_id_user"), index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(200), nullable=False), sa.Column("summary", sa.String(1000), nullable=False),
        sa.Column("situation", sa.Text, nullable=False), sa.Column("action", sa.Text, nullable=False),
        sa.Column("outcomes_text", sa.Text, nullable=False), sa.Column("team_or_area", sa.String(200), nullable=False),
        sa.Column("visibility", sa.String(20), nullable=False), sa.Column("tag_names", sa.Text, nullable=False))
    update = sa.Table(
        "partner_update_revision", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("update_id", sa.Integer, sa.ForeignKey("partner_update.id", name="fk_partner_update_revision_update_id_partner_update"), nullable=False, index=True),
        sa.Column("editor_id", sa.Integer, sa.ForeignKey("user.id", name="fk_partner_update_revision_editor_id_user"), index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(200), nullable=False), sa.Column("body", sa.Text, nullable=False),
        sa.Column("category", sa.String(30), nullable=False), sa.Column("event_date", sa.Date))
    reflection = sa.Table(
        "reflection_revision", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reflection_id", sa.Integer, sa.ForeignKey("reflection.id", name="fk_reflection_revision_reflection_id_reflection"), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False), sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False))
    for table in (meeting, practice, update, reflection):
        table.primary_key.name = f"pk_{table.name}"
    return meeting, practice, update, reflection


def _copy_in(connection, meeting, practice, update, reflection):
    """Every earlier version kept elsewhere, as rows of the one revision table (oldest first, as kept)."""
    meeting_vis = dict(connection.execute(sa.text("SELECT id, visibility FROM meeting")).all())
    reflection_writer = dict(connection.execute(sa.text("SELECT id, user_id FROM reflection")).all())
    rows = []
    for r in connection.execute(sa.select(meeting).order_by(meeting.c.id)).mappings():
        rows.append(dict(content_type="meeting", object_id=r["meeting_id"], editor_id=r["created_by_id"],
                         created_at=r["created_at"], title="", summary=r["summary"], body=r["content"],
                         visibility=meeting_vis.get(r["meeting_id"], "champions"), extra={}))
    for r in connection.execute(sa.select(practice).order_by(practice.c.id)).mappings():
        rows.append(dict(content_type="practice_example", object_id=r["example_id"], editor_id=r["editor_id"],
                         created_at=r["created_at"], title=r["title"], summary=r["summary"], body="",
                         visibility=r["visibility"], extra={name: r[name] for name in PRACTICE_EXTRA}))
    for r in connection.execute(sa.select(update).order_by(update.c.id)).mappings():
        event_date = r["event_date"].isoformat() if r["event_date"] else None
        rows.append(dict(content_type="update", object_id=r["update_id"], editor_id=r["editor_id"],
                         created_at=r["created_at"], title=r["title"], summary="", body=r["body"],
                         visibility="partners", extra={"category": r["category"], "event_date": event_date}))
    for r in connection.execute(sa.select(reflection).order_by(reflection.c.id)).mappings():
        rows.append(dict(content_type="reflection", object_id=r["reflection_id"],
                         editor_id=reflection_writer.get(r["reflection_id"]), created_at=r["saved_at"], title="",
                         summary="", body=r["text"], visibility="staff", extra={}))
    rows += _lesson_versions(connection)
    if rows:
        connection.execute(revision_table.insert(), rows)


def _lesson_versions(connection) -> list[dict]:
    """Each save of a lesson the audit log recorded, as the lesson was after it.

    A lesson saved before the audit log kept its text gets its text from before the first recorded save too.
    """
    audit = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("action", sa.String),
                     sa.column("target_type", sa.String), sa.column("target_id", sa.Integer),
                     sa.column("actor_id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)),
                     sa.column("before_json", sa.Text), sa.column("after_json", sa.Text))
    events = connection.execute(sa.select(audit.c.target_id, audit.c.actor_id, audit.c.created_at,
                                          audit.c.before_json, audit.c.after_json)
                                .where(audit.c.action == "induction.lesson_save", audit.c.target_type == "lesson")
                                .order_by(audit.c.id)).all()
    rows, seen = [], set()
    for lesson_id, actor_id, created_at, before_json, after_json in events:
        if lesson_id is None:
            continue
        before = json.loads(before_json) if before_json else None
        after = json.loads(after_json) if after_json else {}
        if lesson_id not in seen and before:
            rows.append(_lesson_row(lesson_id, None, created_at, before))
        seen.add(lesson_id)
        rows.append(_lesson_row(lesson_id, actor_id, created_at, after))
    return rows


def _lesson_row(lesson_id, editor_id, created_at, values: dict) -> dict:
    return dict(content_type="lesson", object_id=lesson_id, editor_id=editor_id, created_at=created_at,
                title=(values.get("title") or "")[:300], summary="", body=values.get("body") or "",
                visibility="staff", extra={})


def _email_subjects(connection):
    """Unsent email from before: what it is about, from the links it carries (once, here, for the last time)."""
    outbox_subject = sa.table("outbox_subject", sa.column("message_id", sa.Integer), sa.column("subject", sa.String))
    rows = []
    for message_id, body in connection.execute(sa.text(
            "SELECT id, body FROM outbox_message WHERE status <> 'sent'")).all():
        found = dict.fromkeys(f"{KINDS[kind]}:{number}" for kind, number in LINK.findall(body or ""))
        rows += [{"message_id": message_id, "subject": subject} for subject in found]
    if rows:
        connection.execute(outbox_subject.insert(), rows)


def upgrade():
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.alter_column('title', existing_type=sa.String(length=150), type_=sa.String(length=300),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('summary', sa.String(length=1000), server_default='', nullable=False))
        batch_op.add_column(sa.Column('extra', sa.JSON(), server_default='{}', nullable=False))
    op.create_table('outbox_subject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_outbox_subject_message_id_outbox_message')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_subject'))
    )
    with op.batch_alter_table('outbox_subject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_subject_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_subject_subject'), ['subject'], unique=False)

    connection = op.get_bind()
    old = _old_tables()
    _copy_in(connection, *old)
    _email_subjects(connection)
    for table in old:
        op.drop_table(table.name)


def downgrade():
    connection = op.get_bind()
    meeting, practice, update, reflection = old = _old_tables()
    for table in old:
        table.create(connection)
    r = revision_table.c
    versions = connection.execute(sa.select(revision_table).where(
        r.content_type.in_(("meeting", "practice_example", "update", "reflection"))).order_by(r.id)).mappings().all()
    for v in versions:
        extra = v["extra"] if isinstance(v["extra"], dict) else json.loads(v["extra"] or "{}")
        if v["content_type"] == "meeting":
            connection.execute(meeting.insert().values(meeting_id=v["object_id"], summary=v["summary"][:300],
                                                       content=v["body"], created_by_id=v["editor_id"],
                                                       created_at=v["created_at"]))
        elif v["content_type"] == "practice_example":
            connection.execute(practice.insert().values(
                example_id=v["object_id"], editor_id=v["editor_id"], created_at=v["created_at"],
                title=v["title"][:200], summary=v["summary"], visibility=v["visibility"],
                **{name: extra.get(name) or "" for name in PRACTICE_EXTRA}))
        elif v["content_type"] == "update":
            event_date = extra.get("event_date")
            connection.execute(update.insert().values(
                update_id=v["object_id"], editor_id=v["editor_id"], created_at=v["created_at"],
                title=v["title"][:200], body=v["body"], category=extra.get("category") or "service_news",
                event_date=date.fromisoformat(event_date) if event_date else None))
        else:
            connection.execute(reflection.insert().values(reflection_id=v["object_id"], text=v["body"],
                                                          saved_at=v["created_at"]))
    # Lessons' earlier versions stay in the audit log, where they were read from before.
    connection.execute(revision_table.delete().where(r.content_type.notin_(("question", "answer"))))

    with op.batch_alter_table('outbox_subject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_subject_subject'))
        batch_op.drop_index(batch_op.f('ix_outbox_subject_message_id'))
    op.drop_table('outbox_subject')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('extra')
        batch_op.drop_column('summary')
        batch_op.alter_column('title', existing_type=sa.String(length=300), type_=sa.String(length=150),
                              existing_nullable=False)
