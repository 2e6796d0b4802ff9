"""Content checks: when a champion last checked an answer, and whether it is marked out of date

Revision ID: a7c3e9d1f2b4
Revises: b8d3f6a2c415
Create Date: 2027-01-20 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f2b4'
down_revision = 'b8d3f6a2c415'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_check',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('checked_by_id', sa.Integer(), nullable=True),
        sa.Column('out_of_date', sa.Boolean(), nullable=False),
        sa.Column('out_of_date_reason', sa.String(length=500), nullable=False),
        sa.Column('out_of_date_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('out_of_date_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['checked_by_id'], ['user.id'], name=op.f('fk_content_check_checked_by_id_user')),
        sa.ForeignKeyConstraint(['out_of_date_by_id'], ['user.id'], name=op.f('fk_content_check_out_of_date_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_check')),
        sa.UniqueConstraint('content_type', 'object_id', name=op.f('uq_content_check_content_type')),
    )
    with op.batch_alter_table('content_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_check_checked_by_id'), ['checked_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_check_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_check_out_of_date'), ['out_of_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_check_out_of_date_by_id'), ['out_of_date_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('content_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_check_out_of_date_by_id'))
        batch_op.drop_index(batch_op.f('ix_content_check_out_of_date'))
        batch_op.drop_index(batch_op.f('ix_content_check_object_id'))
        batch_op.drop_index(batch_op.f('ix_content_check_checked_by_id'))
    op.drop_table('content_check')
