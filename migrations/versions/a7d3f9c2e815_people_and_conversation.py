"""People and conversation: email settings per kind of notification, one-click unsubscribe, action reminders,
tags people follow and things they save

Revision ID: a7d3f9c2e815
Revises: d5a362333654
Create Date: 2027-01-20 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3f9c2e815'
down_revision = 'd5a362333654'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notification_setting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=50), nullable=False),
        sa.Column('email', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_setting_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_setting')),
        sa.UniqueConstraint('user_id', 'kind', name='uq_notification_setting_user_kind'),
    )
    with op.batch_alter_table('notification_setting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_setting_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=False, server_default=''))
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_reminder_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'tag_follow',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_tag_follow_tag_id_tag')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_tag_follow_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_follow')),
        sa.UniqueConstraint('user_id', 'tag_id', name='uq_tag_follow_user_tag'),
    )
    with op.batch_alter_table('tag_follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_follow_tag_id'), ['tag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tag_follow_user_id'), ['user_id'], unique=False)
    op.create_table(
        'bookmark',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_bookmark_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bookmark')),
        sa.UniqueConstraint('user_id', 'content_type', 'object_id', name='uq_bookmark_user_content'),
    )
    with op.batch_alter_table('bookmark', schema=None) as batch_op:
        batch_op.create_index('ix_bookmark_content', ['content_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookmark_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('bookmark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookmark_user_id'))
        batch_op.drop_index('ix_bookmark_content')
    op.drop_table('bookmark')
    with op.batch_alter_table('tag_follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_follow_user_id'))
        batch_op.drop_index(batch_op.f('ix_tag_follow_tag_id'))
    op.drop_table('tag_follow')
    # Not in batch mode: rebuilding these tables would break the rows that refer to them (SQLite drops a
    # column in place since 3.35).
    op.drop_column('action', 'due_reminder_at')
    op.drop_column('outbox_message', 'unsubscribe_url')  # in place too: outbox_subject refers to the table
    with op.batch_alter_table('notification_setting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_setting_user_id'))
    op.drop_table('notification_setting')
