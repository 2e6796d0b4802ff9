"""Public contact details the personal-data guard ignores; organisations get a postal address

Revision ID: c4f1a2b3d5e6
Revises: 3b94ae3ddaa1
Create Date: 2026-12-01 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a2b3d5e6'
down_revision = '3b94ae3ddaa1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=254), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_public_contact_created_by_id_user')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['user.id'], name=op.f('fk_public_contact_removed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_contact'))
    )
    with op.batch_alter_table('public_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_contact_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_public_contact_removed_by_id'), ['removed_by_id'], unique=False)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=300), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('address')

    with op.batch_alter_table('public_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_contact_removed_by_id'))
        batch_op.drop_index(batch_op.f('ix_public_contact_created_by_id'))

    op.drop_table('public_contact')
