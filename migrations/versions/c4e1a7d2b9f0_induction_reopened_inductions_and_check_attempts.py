"""Induction: reopened inductions keep their earlier completion; check attempts and a pause between them

Revision ID: c4e1a7d2b9f0
Revises: c4e7a91d2b60
Create Date: 2026-12-01 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a7d2b9f0'
down_revision = 'c4e7a91d2b60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_attempts', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attempt_pause_minutes', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_completed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('previous_completed_at')
        batch_op.drop_column('reopened_at')
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.drop_column('attempt_pause_minutes')
        batch_op.drop_column('max_attempts')
