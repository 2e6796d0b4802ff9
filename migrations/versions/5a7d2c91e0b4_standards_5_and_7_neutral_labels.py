"""Standards 5 and 7 get neutral labels instead of "(name to confirm)"

Revision ID: 5a7d2c91e0b4
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-01 05:20:00

A data migration only: tags a champion has already renamed are left alone.
"""
from alembic import op
import sqlalchemy as sa


revision = '5a7d2c91e0b4'
down_revision = '7c1d2e3f4a5b'
branch_labels = None
depends_on = None

RENAMES = {"standard-5": ("Standard 5 (name to confirm)", "Standard 5"),
           "standard-7": ("Standard 7 (name to confirm)", "Standard 7")}
_tag = sa.table("tag", sa.column("slug", sa.String), sa.column("name", sa.String))


def _rename(old_index: int, new_index: int) -> None:
    for slug, names in RENAMES.items():
        op.execute(_tag.update().where(_tag.c.slug == slug, _tag.c.name == names[old_index])
                   .values(name=names[new_index]))


def upgrade():
    _rename(0, 1)


def downgrade():
    _rename(1, 0)
