"""A standard's edition changed on: answers tagged with it and checked before that day are due a check

Revision ID: c2f7e9a4b1d6
Revises: c9e4a7b2d8f1
Create Date: 2027-01-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2f7e9a4b1d6'
down_revision = 'c9e4a7b2d8f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edition_changed_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.drop_column('edition_changed_on')
