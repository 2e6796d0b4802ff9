"""Server-side sessions, an account sign-in lock, and sent emails that keep no secret link

Revision ID: a7c3e5d91f20
Revises: 5a7d2c91e0b4
Create Date: 2026-12-01 05:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e5d91f20'
down_revision = '5a7d2c91e0b4'
branch_labels = None
depends_on = None

# Emails sent before this revision that carried a reset, invitation or confirmation link.
SECRET_LINKS = {
    "/auth/reset/": "Password reset link sent",
    "/auth/accept/": "Invitation link sent",
    "/auth/confirm/": "Email confirmation link sent",
}


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_reason', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_session_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_session_ended_at'), ['ended_at'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_in_locked_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.String(length=300), nullable=False, server_default=''))

    outbox = sa.table('outbox_message', sa.column('body', sa.Text), sa.column('summary', sa.String),
                      sa.column('status', sa.String))
    for path, summary in SECRET_LINKS.items():
        op.execute(outbox.update().where(outbox.c.status.in_(('sent', 'failed')), outbox.c.body.like(f'%{path}%'))
                   .values(body='', summary=summary))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('summary')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('sign_in_locked_at')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_ended_at'))
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
