"""Audience members: notifications and search documents carry a group whose members read them

Revision ID: b8e4d2f6a1c7
Revises: e2b7c4a1d9f3
Create Date: 2027-02-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e4d2f6a1c7'
down_revision = 'e2b7c4a1d9f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_group', sa.String(length=60), nullable=True))
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_group', sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_column('access_group')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('access_group')
