"""Workshop items keep their written fields as HTML (Markdown with @mentions linked), rendered at write time

Revision ID: c9e4a7b2d1f8
Revises: c4e8a2f1b9d7
Create Date: 2027-01-25 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e4a7b2d1f8'
down_revision = 'c4e8a2f1b9d7'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable with no default: items written earlier show their plain words until next changed.
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('html')
