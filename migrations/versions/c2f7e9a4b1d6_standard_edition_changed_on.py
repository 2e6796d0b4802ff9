"""A standard's edition changed on: answers tagged with it and checked before that day are due a check

Revision ID: c2f7e9a4b1d6
Revises: a7c3e9d1f2b4
Create Date: 2027-01-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2f7e9a4b1d6'
down_revision = 'a7c3e9d1f2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edition_changed_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.drop_column('edition_changed_on')
