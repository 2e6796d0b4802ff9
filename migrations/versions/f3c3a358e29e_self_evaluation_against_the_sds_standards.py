"""Self-evaluation against the SDS standards; an action may come from somewhere other than a meeting

Revision ID: f3c3a358e29e
Revises: 349309059536
Create Date: 2026-12-01 10:21:38.660760

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c3a358e29e'
down_revision = '349309059536'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('self_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('scope_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('visibility', sa.String(length=20), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['lead_id'], ['user.id'], name=op.f('fk_self_evaluation_lead_id_user')),
    sa.ForeignKeyConstraint(['previous_id'], ['self_evaluation.id'], name=op.f('fk_self_evaluation_previous_id_self_evaluation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_evaluation'))
    )
    with op.batch_alter_table('self_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_previous_id'), ['previous_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_scope_key'), ['scope_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_visibility'), ['visibility'], unique=False)

    op.create_table('self_evaluation_contributor',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['self_evaluation.id'], name=op.f('fk_self_evaluation_contributor_evaluation_id_self_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_self_evaluation_contributor_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evaluation_id', 'user_id', name=op.f('pk_self_evaluation_contributor'))
    )
    with op.batch_alter_table('self_evaluation_contributor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_contributor_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_contributor_user_id'), ['user_id'], unique=False)

    op.create_table('self_evaluation_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('agreed_rating', sa.Integer(), nullable=True),
    sa.Column('agreed_reason', sa.Text(), nullable=False),
    sa.Column('agreed_reason_html', sa.Text(), nullable=False),
    sa.Column('agreed_by_id', sa.Integer(), nullable=True),
    sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('strengths_html', sa.Text(), nullable=False),
    sa.Column('improvements', sa.Text(), nullable=False),
    sa.Column('improvements_html', sa.Text(), nullable=False),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agreed_by_id'], ['user.id'], name=op.f('fk_self_evaluation_standard_agreed_by_id_user')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['self_evaluation.id'], name=op.f('fk_self_evaluation_standard_evaluation_id_self_evaluation')),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_self_evaluation_standard_tag_id_tag')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_evaluation_standard')),
    sa.UniqueConstraint('evaluation_id', 'tag_id', name=op.f('uq_self_evaluation_standard_evaluation_id'))
    )
    with op.batch_alter_table('self_evaluation_standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_standard_agreed_by_id'), ['agreed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_standard_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_standard_tag_id'), ['tag_id'], unique=False)

    op.create_table('self_evaluation_team',
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['self_evaluation.id'], name=op.f('fk_self_evaluation_team_evaluation_id_self_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_self_evaluation_team_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evaluation_id', 'team_id', name=op.f('pk_self_evaluation_team'))
    )
    with op.batch_alter_table('self_evaluation_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_team_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_team_team_id'), ['team_id'], unique=False)

    op.create_table('self_evaluation_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_self_evaluation_action_action_id_action')),
    sa.ForeignKeyConstraint(['standard_id'], ['self_evaluation_standard.id'], name=op.f('fk_self_evaluation_action_standard_id_self_evaluation_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_evaluation_action'))
    )
    with op.batch_alter_table('self_evaluation_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_action_action_id'), ['action_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_self_evaluation_action_standard_id'), ['standard_id'], unique=False)

    op.create_table('self_evaluation_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_html', sa.Text(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_self_evaluation_evidence_added_by_id_user')),
    sa.ForeignKeyConstraint(['standard_id'], ['self_evaluation_standard.id'], name=op.f('fk_self_evaluation_evidence_standard_id_self_evaluation_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_evaluation_evidence'))
    )
    with op.batch_alter_table('self_evaluation_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_evidence_added_by_id'), ['added_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_evidence_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_evidence_standard_id'), ['standard_id'], unique=False)

    op.create_table('self_evaluation_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('contributor_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('looks_like', sa.Text(), nullable=False),
    sa.Column('looks_like_html', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contributor_id'], ['user.id'], name=op.f('fk_self_evaluation_rating_contributor_id_user')),
    sa.ForeignKeyConstraint(['standard_id'], ['self_evaluation_standard.id'], name=op.f('fk_self_evaluation_rating_standard_id_self_evaluation_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_evaluation_rating')),
    sa.UniqueConstraint('standard_id', 'contributor_id', name=op.f('uq_self_evaluation_rating_standard_id'))
    )
    with op.batch_alter_table('self_evaluation_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_evaluation_rating_contributor_id'), ['contributor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_evaluation_rating_standard_id'), ['standard_id'], unique=False)

    # action.meeting_id is already nullable (b8e4d2f6a1c7: workshop actions have no meeting).


def downgrade():
    with op.batch_alter_table('self_evaluation_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_rating_standard_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_rating_contributor_id'))

    op.drop_table('self_evaluation_rating')
    with op.batch_alter_table('self_evaluation_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_evidence_standard_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_evidence_object_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_evidence_added_by_id'))

    op.drop_table('self_evaluation_evidence')
    with op.batch_alter_table('self_evaluation_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_action_standard_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_action_action_id'))

    op.drop_table('self_evaluation_action')
    with op.batch_alter_table('self_evaluation_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_team_team_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_team_evaluation_id'))

    op.drop_table('self_evaluation_team')
    with op.batch_alter_table('self_evaluation_standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_standard_tag_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_standard_evaluation_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_standard_agreed_by_id'))

    op.drop_table('self_evaluation_standard')
    with op.batch_alter_table('self_evaluation_contributor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_contributor_user_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_contributor_evaluation_id'))

    op.drop_table('self_evaluation_contributor')
    with op.batch_alter_table('self_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_evaluation_visibility'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_status'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_scope_key'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_published_at'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_previous_id'))
        batch_op.drop_index(batch_op.f('ix_self_evaluation_lead_id'))

    op.drop_table('self_evaluation')
