"""Search on PostgreSQL: drop the sign-bit column and its covering index, which no search reads any more

Each process now keeps the sign bits in memory (champions/search/postgres_meaning.py), so the generated
embedding_bits column and ix_search_document_meaning only cost every write.

Revision ID: e1f4b7c9a2d3
Revises: d5a8c3e1f7b2
Create Date: 2027-01-28 09:00:00

"""
from alembic import op

# Frozen copies of what b8d3f6a2c415 and c4e8a2f1b9d7 made, for a downgrade (PostgreSQL only).
BITS_DDL = ("ALTER TABLE search_document ADD COLUMN embedding_bits bit(256) GENERATED ALWAYS AS ("
            "('x' || encode(embedding_sign, 'hex'))::bit(256)) STORED")
INDEX_DDL = ("CREATE INDEX ix_search_document_meaning ON search_document (visibility, owner_id, access_group, kind) "
             "INCLUDE (doc_id, embedding_bits)")

# revision identifiers, used by Alembic.
revision = 'e1f4b7c9a2d3'
down_revision = 'd5a8c3e1f7b2'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_document_meaning")
        op.execute("ALTER TABLE search_document DROP COLUMN IF EXISTS embedding_bits")


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute(BITS_DDL)
        op.execute(INDEX_DDL)
