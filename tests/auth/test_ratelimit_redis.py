"""Sign-in limits shared through Redis, as when several gunicorn workers or servers serve the Hub."""
from __future__ import annotations

import socket
import uuid

import pytest
import redis

from champions import create_app
from champions.config import test_config
from champions.extensions import db
from tests import factories
from tests.dbutil import database_url

REDIS = ("127.0.0.1", 6379)


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def two_workers(app, tmp_path):
    """Two app instances (like two workers) on one database, counting sign-ins in the same Redis."""
    if not _redis_answers():
        pytest.skip("Redis is not answering on 127.0.0.1:6379 (CI and the development machine run one)")
    prefix = f"hub-test-{uuid.uuid4().hex}"
    workers = []
    for _ in range(2):
        settings = test_config(str(tmp_path), database_url())
        settings.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
                        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0", RATELIMIT_KEY_PREFIX=prefix,
                        SIGN_IN_FREE_FAILURES=4, SIGN_IN_LIMIT_PER_IP="100 per 15 minutes",
                        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])  # the test's database
        workers.append(create_app(settings))
    yield workers, prefix
    for worker in workers:
        with worker.app_context():
            db.engine.dispose()


def test_attempts_on_one_worker_count_on_the_other(app, two_workers):
    user = factories.user(email="shared.limit@example.org")
    db.session.commit()
    workers, prefix = two_workers
    first, second = (worker.test_client() for worker in workers)
    for client in (first, second, first, second):
        assert client.post("/auth/sign-in", data={"email": user.email, "password": "wrong"}).status_code == 200
    response = first.post("/auth/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "Try again in" in response.get_data(as_text=True)
    # The counts live in Redis, where every worker and server sees them.
    assert redis.Redis(*REDIS).keys(f"*{prefix}*")
