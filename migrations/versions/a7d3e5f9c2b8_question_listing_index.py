"""An index for the question lists: their filter and order, so a page and its count read the index alone

Revision ID: a7d3e5f9c2b8
Revises: c2f7e9a4b1d6
Create Date: 2027-01-28 09:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7d3e5f9c2b8'
down_revision = 'c2f7e9a4b1d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_listing', ['visibility', 'last_activity_at', 'id', 'hidden', 'withdrawn',
                                                      'held', 'author_id'], unique=False)


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index('ix_question_listing')
