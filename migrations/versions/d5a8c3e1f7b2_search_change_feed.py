"""Search on PostgreSQL: a change feed for each app server's copy of the sign bits

Revision ID: d5a8c3e1f7b2
Revises: a7d3e5f9c2b8
Create Date: 2027-01-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa

# Frozen copy of champions.search.models.CHANGE_DDL (PostgreSQL only).
CHANGE_LOCK = 1507150115
CHANGE_DDL = (
    "CREATE SEQUENCE IF NOT EXISTS search_document_change_seq",
    "CREATE OR REPLACE FUNCTION search_document_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_LEVEL = 'STATEMENT' THEN PERFORM pg_advisory_xact_lock({CHANGE_LOCK}); "
    "IF TG_OP = 'TRUNCATE' THEN INSERT INTO search_document_removed (doc_id, change_seq) "
    "VALUES ('', nextval('search_document_change_seq')) "
    "ON CONFLICT (doc_id) DO UPDATE SET change_seq = EXCLUDED.change_seq; END IF; RETURN NULL; END IF; "
    "IF TG_OP = 'DELETE' THEN INSERT INTO search_document_removed (doc_id, change_seq) "
    "VALUES (OLD.doc_id, nextval('search_document_change_seq')) "
    "ON CONFLICT (doc_id) DO UPDATE SET change_seq = EXCLUDED.change_seq; RETURN OLD; END IF; "
    "NEW.change_seq := nextval('search_document_change_seq'); "
    "IF TG_OP = 'INSERT' THEN DELETE FROM search_document_removed WHERE doc_id = NEW.doc_id; END IF; "
    "RETURN NEW; END $$",
    "CREATE TRIGGER search_document_change_lock BEFORE INSERT OR UPDATE OR DELETE ON search_document "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_document_change_truncate AFTER TRUNCATE ON search_document "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_document_change_seq BEFORE INSERT OR UPDATE ON search_document "
    "FOR EACH ROW EXECUTE FUNCTION search_document_changed()",
    "CREATE TRIGGER search_document_change_removed AFTER DELETE ON search_document "
    "FOR EACH ROW EXECUTE FUNCTION search_document_changed()",
)
TRIGGERS = ("search_document_change_lock", "search_document_change_truncate", "search_document_change_seq",
            "search_document_change_removed")

# revision identifiers, used by Alembic.
revision = 'd5a8c3e1f7b2'
down_revision = 'a7d3e5f9c2b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_seq', sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f('ix_search_document_change_seq'), ['change_seq'], unique=False)
    op.create_table('search_document_removed',
    sa.Column('doc_id', sa.String(length=120), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', name=op.f('pk_search_document_removed'))
    )
    with op.batch_alter_table('search_document_removed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_removed_change_seq'), ['change_seq'], unique=False)
    if op.get_context().dialect.name == "postgresql":
        for statement in CHANGE_DDL:
            op.execute(statement)
        op.execute("UPDATE search_document SET change_seq = nextval('search_document_change_seq')")


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        for trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON search_document")
        op.execute("DROP FUNCTION IF EXISTS search_document_changed()")
        op.execute("DROP SEQUENCE IF EXISTS search_document_change_seq")
    with op.batch_alter_table('search_document_removed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_removed_change_seq'))
    op.drop_table('search_document_removed')
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_change_seq'))
        batch_op.drop_column('change_seq')
