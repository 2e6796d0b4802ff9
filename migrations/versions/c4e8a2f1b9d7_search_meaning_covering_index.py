"""Search by meaning on PostgreSQL: a narrow covering index for the sign-bit scan

Revision ID: c4e8a2f1b9d7
Revises: a7c3e9d1f2b4
Create Date: 2027-01-20 09:00:00

"""
from alembic import op

# Frozen copy of the index statement in champions.search.models.TSV_DDL (PostgreSQL only).
INDEX_DDL = ("CREATE INDEX ix_search_document_meaning ON search_document (visibility, owner_id, access_group, kind) "
             "INCLUDE (doc_id, embedding_bits)")

# revision identifiers, used by Alembic.
revision = 'c4e8a2f1b9d7'
down_revision = 'a7c3e9d1f2b4'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute(INDEX_DDL)


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_document_meaning")
