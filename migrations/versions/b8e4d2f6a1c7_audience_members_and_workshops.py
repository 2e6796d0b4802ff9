"""Audience members (notifications and search documents carry a group whose members read them);
whole-systems workshops, and workshop actions in the actions tracker

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

    op.create_table(
        'workshop',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('facilitator_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('visibility', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('next_steps', sa.Text(), nullable=False),
        sa.Column('next_steps_html', sa.Text(), nullable=False),
        sa.Column('review_on', sa.Date(), nullable=True),
        sa.Column('review_reminded_on', sa.Date(), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_workshop_created_by_id_user')),
        sa.ForeignKeyConstraint(['facilitator_id'], ['user.id'], name=op.f('fk_workshop_facilitator_id_user')),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_workshop_team_id_team')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop')),
    )
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        for column in ('kind', 'held_on', 'team_id', 'facilitator_id', 'created_by_id', 'visibility', 'status',
                       'review_on'):
            batch_op.create_index(batch_op.f(f'ix_workshop_{column}'), [column], unique=False)

    op.create_table(
        'workshop_participant',
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('via_team_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_workshop_participant_user_id_user')),
        sa.ForeignKeyConstraint(['via_team_id'], ['team.id'], name=op.f('fk_workshop_participant_via_team_id_team')),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'],
                                name=op.f('fk_workshop_participant_workshop_id_workshop')),
        sa.PrimaryKeyConstraint('workshop_id', 'user_id', name=op.f('pk_workshop_participant')),
    )
    with op.batch_alter_table('workshop_participant', schema=None) as batch_op:
        for column in ('workshop_id', 'user_id', 'via_team_id'):
            batch_op.create_index(batch_op.f(f'ix_workshop_participant_{column}'), [column], unique=False)

    op.create_table(
        'workshop_link',
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['workshop.id'], name=op.f('fk_workshop_link_source_id_workshop')),
        sa.ForeignKeyConstraint(['target_id'], ['workshop.id'], name=op.f('fk_workshop_link_target_id_workshop')),
        sa.PrimaryKeyConstraint('source_id', 'target_id', name=op.f('pk_workshop_link')),
    )
    with op.batch_alter_table('workshop_link', schema=None) as batch_op:
        for column in ('source_id', 'target_id'):
            batch_op.create_index(batch_op.f(f'ix_workshop_link_{column}'), [column], unique=False)

    op.create_table(
        'cluster',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('side', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('merged_into_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['merged_into_id'], ['cluster.id'], name=op.f('fk_cluster_merged_into_id_cluster')),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_cluster_workshop_id_workshop')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster')),
    )
    with op.batch_alter_table('cluster', schema=None) as batch_op:
        for column in ('workshop_id', 'merged_into_id'):
            batch_op.create_index(batch_op.f(f'ix_cluster_{column}'), [column], unique=False)

    op.create_table(
        'card',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=True),
        sa.Column('side', sa.String(length=20), nullable=False),
        sa.Column('text', sa.String(length=200), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_card_author_id_user')),
        sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_card_cluster_id_cluster')),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_card_workshop_id_workshop')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_card')),
    )
    with op.batch_alter_table('card', schema=None) as batch_op:
        for column in ('workshop_id', 'cluster_id', 'author_id', 'created_at'):
            batch_op.create_index(batch_op.f(f'ix_card_{column}'), [column], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workshop_id', sa.Integer(), nullable=True))
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_action_workshop_id'), ['workshop_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_workshop_id_workshop'), 'workshop', ['workshop_id'], ['id'])

    op.create_table(
        'item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.String(length=30), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=True),
        sa.Column('origin_id', sa.Integer(), nullable=True),
        sa.Column('answers_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('action_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_item_action_id_action')),
        sa.ForeignKeyConstraint(['answers_id'], ['item.id'], name=op.f('fk_item_answers_id_item')),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_item_author_id_user')),
        sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_item_cluster_id_cluster')),
        sa.ForeignKeyConstraint(['origin_id'], ['item.id'], name=op.f('fk_item_origin_id_item')),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_item_workshop_id_workshop')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_item')),
        sa.UniqueConstraint('workshop_id', 'origin_id', name='uq_item_workshop_origin'),
    )
    with op.batch_alter_table('item', schema=None) as batch_op:
        for column in ('workshop_id', 'section', 'cluster_id', 'origin_id', 'answers_id', 'author_id', 'action_id'):
            batch_op.create_index(batch_op.f(f'ix_item_{column}'), [column], unique=False)


def downgrade():
    op.drop_table('item')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_workshop_id_workshop'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_workshop_id'))
        batch_op.alter_column('meeting_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('workshop_id')
    for table in ('card', 'cluster', 'workshop_link', 'workshop_participant', 'workshop'):
        op.drop_table(table)
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_column('access_group')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('access_group')
