"""Full-text search: the contract every content type uses.

A content type joins search by registering a SearchType (see types.py) and calling
``enqueue(kind, id)`` in the same transaction as any change to an indexed object. Only
champions/search/ imports a search engine; index.py is the engine interface.
"""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from champions.search.types import SearchDocument, SearchType, register, registered_types  # noqa: E402,F401
from champions.search.models import SearchJob, enqueue, enqueue_purge  # noqa: E402,F401
# Every route of the blueprint is in views and views_insights; cli holds the `flask search` commands.
from champions.search import views, views_insights, cli  # noqa: E402,F401
