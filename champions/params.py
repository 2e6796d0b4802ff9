"""Whole numbers from the query string, bounded so that no database rejects them (a bad link is never a 500)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_sqlalchemy.pagination import SelectPagination

from champions.extensions import db

# PostgreSQL INTEGER columns stop here (SQLite overflows past 2**63); no id or page of ours is larger.
MAX_INT = 2**31 - 1
# Far beyond any real list, and small enough that page * per_page stays a valid OFFSET.
MAX_PAGE = 100_000


def to_int(value) -> int | None:
    """An ASCII whole number within MAX_INT, else None (so '²', '-1', '1e9' and huge numbers are ignored)."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_INT else None


def int_arg(name: str) -> int | None:
    """A whole-number query-string argument, or None when it is missing or unusable."""
    return to_int(request.args.get(name))


def int_list_arg(name: str) -> list[int]:
    """Every usable whole number given for a repeated query-string argument."""
    return [n for n in (to_int(v) for v in request.args.getlist(name)) if n is not None]


def paginate(query, per_page: int):
    """db.paginate with the page number from ?page= kept in range (past the end is an empty page)."""
    page = min(int_arg("page") or 1, MAX_PAGE) or 1
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


class _KeysFirst(SelectPagination):
    """A page found by its keys first, then only its rows loaded: the keys' query (and the count) can be
    answered from an index alone, where the whole query would read and sort every matching row."""

    def _keys(self):
        return self._query_args["select"].with_only_columns(self._query_args["key"])

    def _query_items(self) -> list:
        keys = self._keys().limit(self.per_page).offset(self._query_offset)
        select = self._query_args["select"].where(self._query_args["key"].in_(keys))
        return list(self._query_args["session"].execute(select).unique().scalars())

    def _query_count(self) -> int:
        counted = sa.select(sa.func.count()).select_from(self._keys().order_by(None).subquery())
        return self._query_args["session"].execute(counted).scalar()


def paginate_by_key(query, per_page: int, key):
    """`paginate`, finding the page's rows by `key` (a unique column, such as the id) before loading them.

    For long lists whose filter and order an index covers: the same page, without sorting whole rows.
    """
    page = min(int_arg("page") or 1, MAX_PAGE) or 1
    return _KeysFirst(select=query, session=db.session(), key=key, page=page, per_page=per_page, error_out=False)
