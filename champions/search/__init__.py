"""Full-text search: the contract every content type uses.

A content type joins search by registering a SearchType (see types.py) and calling
``enqueue(kind, id)`` in the same transaction as any change to an indexed object. Only
champions/search/ imports a search engine; index.py is the engine interface.
"""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from champions.search.types import SearchDocument, SearchType, register, registered_types  # noqa: E402,F401
from champions.search.models import SearchJob, enqueue, enqueue_purge  # noqa: E402,F401


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views", "views_insights", "cli")
