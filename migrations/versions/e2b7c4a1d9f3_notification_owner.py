"""Notifications carry their content's owner, so an author reads notices about their own unlisted content

Revision ID: e2b7c4a1d9f3
Revises: e5b2c8d4f1a6
Create Date: 2027-01-10 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b7c4a1d9f3'
down_revision = 'e5b2c8d4f1a6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('owner_id')
