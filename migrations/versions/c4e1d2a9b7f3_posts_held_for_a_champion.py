"""Posts with a confirmed CHI or NI number are held for a champion; guard overrides are recorded

Revision ID: c4e1d2a9b7f3
Revises: c4f1a2b3d5e6
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1d2a9b7f3'
down_revision = 'c4f1a2b3d5e6'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('question', 'answer'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('held', sa.Boolean(), nullable=False, server_default=sa.false()))
            batch_op.create_index(batch_op.f(f'ix_{table}_held'), ['held'], unique=False)

    op.create_table('guard_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('findings', sa.String(length=500), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_guard_override_author_id_user')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_guard_override_resolved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guard_override'))
    )
    with op.batch_alter_table('guard_override', schema=None) as batch_op:
        for column in ('author_id', 'content_type', 'created_at', 'held', 'object_id', 'resolved_at', 'resolved_by_id'):
            batch_op.create_index(batch_op.f(f'ix_guard_override_{column}'), [column], unique=False)


def downgrade():
    with op.batch_alter_table('guard_override', schema=None) as batch_op:
        for column in ('author_id', 'content_type', 'created_at', 'held', 'object_id', 'resolved_at', 'resolved_by_id'):
            batch_op.drop_index(batch_op.f(f'ix_guard_override_{column}'))
    op.drop_table('guard_override')

    for table in ('answer', 'question'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_held'))
            batch_op.drop_column('held')
