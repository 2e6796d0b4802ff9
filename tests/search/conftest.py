"""Search tests: a module that sets EACH_SEARCH_BACKEND = True runs each test once per backend.

The backends are Whoosh, and PostgreSQL full-text search when HUB_TEST_DATABASE_URL is set; those
runs also have the test "note" content type (tests/factories_search.py) registered.
"""
from __future__ import annotations

import pytest

from champions.search import register
from champions.search.types import unregister
from tests.apps import SharedApp, share_compiled_templates
from tests.dbutil import database_url
from tests.factories_search import BACKENDS, NOTE_TYPE, notes


def pytest_generate_tests(metafunc):
    if getattr(metafunc.module, "EACH_SEARCH_BACKEND", False) and "app" in metafunc.fixturenames:
        metafunc.parametrize("search_backend", BACKENDS)


@pytest.fixture
def search_backend():
    """None: the ordinary app (modules with EACH_SEARCH_BACKEND are given each backend instead)."""
    return None


@pytest.fixture(scope="session")
def _backend_apps():
    """One app per search backend for this test process, built when first needed."""
    return {}


@pytest.fixture
def app(request, tmp_path, search_backend, _backend_apps, _shared_app):
    """The conftest app, or one per search backend with the note type registered."""
    if search_backend is None:
        with _shared_app.fresh(tmp_path) as application:
            yield application
        return
    url = database_url()
    if search_backend == "postgres" and not url:
        pytest.skip("PostgreSQL search backend not tested: set HUB_TEST_DATABASE_URL to a PostgreSQL URL")
    if search_backend not in _backend_apps:
        folder = request.getfixturevalue("tmp_path_factory").mktemp(f"search-{search_backend}")
        _backend_apps[search_backend] = SharedApp.build(folder, url, extra_tables=(notes,),
                                                        SEARCH_BACKEND=search_backend)
        share_compiled_templates(_backend_apps[search_backend].app, request.getfixturevalue("tmp_path_factory"))
    register(NOTE_TYPE)
    try:
        with _backend_apps[search_backend].fresh(tmp_path) as application:
            yield application
    finally:
        unregister("note")
