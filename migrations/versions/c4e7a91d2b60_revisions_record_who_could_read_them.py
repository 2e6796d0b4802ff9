"""Revisions of questions and answers record who could read the question when they were made

Revision ID: c4e7a91d2b60
Revises: c4e1d2a9b7f3
Create Date: 2026-12-01 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e7a91d2b60'
down_revision = 'c4e1d2a9b7f3'
branch_labels = None
depends_on = None


def upgrade():
    # Earlier versions' audience is unknown: count them as staff only. Partners still see the latest
    # version of anything they may read (it is the text they see on the question page).
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visibility', sa.String(length=20), server_default='staff', nullable=False))


def downgrade():
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('visibility')
