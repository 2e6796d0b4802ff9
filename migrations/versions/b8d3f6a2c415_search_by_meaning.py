"""Search by meaning: document embeddings, SDS synonyms and searches that found nothing

Revision ID: b8d3f6a2c415
Revises: a7d3f9c2e815
Create Date: 2027-01-12 09:00:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

# Frozen copy of champions.search.synonyms.DEFAULT_GROUPS: every Hub starts with these (champions edit them).
DEFAULT_SYNONYMS = (
    "PA, personal assistant",
    "DP, direct payment",
    "ISF, individual service fund",
    "option 4, mix of options, mixture of options",
    "carer, unpaid carer",
    "SDS, self-directed support",
    "HSCP, health and social care partnership",
    "OT, occupational therapist, occupational therapy",
    "respite, short break",
    "ILF, independent living fund",
)

# Frozen copy of the embedding_bits statement in champions.search.models.TSV_DDL.
BITS_DDL = ("ALTER TABLE search_document ADD COLUMN embedding_bits bit(256) GENERATED ALWAYS AS ("
            "('x' || encode(embedding_sign, 'hex'))::bit(256)) STORED")


# revision identifiers, used by Alembic.
revision = 'b8d3f6a2c415'
down_revision = 'a7d3f9c2e815'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('embedding', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('embedding_sign', sa.LargeBinary(), nullable=True))
    if op.get_context().dialect.name == "postgresql":
        op.execute(BITS_DDL)
    synonym = op.create_table('search_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonym'))
    )
    now = datetime.now(timezone.utc)
    op.bulk_insert(synonym, [{"terms": terms, "created_at": now, "updated_at": now} for terms in DEFAULT_SYNONYMS])
    op.create_table('search_unfound',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('empty', sa.Integer(), nullable=False),
    sa.Column('opened', sa.Integer(), nullable=False),
    sa.Column('last_searched_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_unfound')),
    sa.UniqueConstraint('text', 'month', name='uq_search_unfound_text_month')
    )
    with op.batch_alter_table('search_unfound', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_unfound_month'), ['month'], unique=False)


def downgrade():
    with op.batch_alter_table('search_unfound', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_unfound_month'))
    op.drop_table('search_unfound')
    op.drop_table('search_synonym')
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_document DROP COLUMN embedding_bits")
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_column('embedding_sign')
        batch_op.drop_column('embedding')
