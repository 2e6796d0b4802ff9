"""Search on PostgreSQL: keep each document's tsvector and embedding in its row, and rewrite the rows there

Ranking reads the tsvector of every matching row, and search by meaning the embeddings of 200 candidates;
kept in the TOAST table, each read cost an index lookup and another page (see champions/search/models.py,
STORAGE_DDL). A storage setting applies only to rows written after it, so the rows are rewritten: updating
the title to itself recomputes the generated tsvector, and `|| ''` makes the embedding a new value (an
unchanged one would keep its place in the TOAST table).

Revision ID: f2a6d8b4c1e5
Revises: e1f4b7c9a2d3
Create Date: 2027-02-02 09:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2a6d8b4c1e5'
down_revision = 'e1f4b7c9a2d3'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_document ALTER COLUMN tsv SET STORAGE MAIN, "
                   "ALTER COLUMN embedding SET STORAGE MAIN")
        op.execute("UPDATE search_document SET title = title, embedding = embedding || ''::bytea")


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_document ALTER COLUMN tsv SET STORAGE EXTENDED, "
                   "ALTER COLUMN embedding SET STORAGE EXTENDED")
