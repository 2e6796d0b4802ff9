"""Preview and posting are limited per person: rendering what people write costs the server time."""
from __future__ import annotations

import pytest
from flask import g, request_started

from champions import create_app
from champions.config import test_config
from champions.extensions import db, limiter
from tests import factories
from tests import factories_questions as fq
from tests.dbutil import database_url


def _fresh_g(sender, **extra):
    g._get_current_object().__dict__.clear()


@pytest.fixture
def limited(app, tmp_path):
    """A second app on the same database with rate limiting on and a small writing allowance."""
    settings = test_config(str(tmp_path), database_url())
    settings.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True, WRITING_LIMIT_PER_PERSON="3 per minute",
                    SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])  # the test's database
    limited_app = create_app(settings)
    # The test keeps one app context open: each request needs its own `g` (and so its own signed-in person).
    request_started.connect(_fresh_g, limited_app)
    with limited_app.app_context():
        limiter.reset()
        yield limited_app
        limiter.reset()
        db.session.remove()
        db.engine.dispose()


def _signed_in(app, user):
    client = app.test_client()
    response = client.post("/auth/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def test_previews_and_posts_share_one_allowance_per_person(limited):
    question = fq.question(visibility="partners")
    writer, colleague = factories.user("partner"), factories.user("partner")
    db.session.commit()
    client = _signed_in(limited, writer)
    preview = {"body": "A long answer, previewed again and again.", "preview": "Preview"}
    assert client.post(f"/questions/{question.id}/answers", data=preview).status_code == 200
    assert client.post("/questions/new", data={"title": "What does option 2 cover?", "body": "Details here.",
                                               "preview": "Preview"}).status_code == 200
    assert client.post(f"/questions/{question.id}/answers", data=preview).status_code == 200
    response = client.post(f"/questions/{question.id}/answers", data={"body": "Posting it now, at last."})
    assert response.status_code == 429
    assert "Try again in 1 minute" in response.get_data(as_text=True)
    # Reading is never limited, and a colleague from the same office address has their own allowance.
    assert client.get(f"/questions/{question.id}").status_code == 200
    assert _signed_in(limited, colleague).post(f"/questions/{question.id}/answers", data=preview).status_code == 200


def test_what_was_written_is_kept_on_the_too_many_page_and_can_be_sent_again(limited):
    """Going over the allowance must not lose a long answer: the page keeps it, ready to send once the wait is over."""
    question = fq.question()
    writer = factories.user("practitioner")
    db.session.commit()
    client = _signed_in(limited, writer)
    preview = {"body": "Draft one.", "preview": "Preview"}
    for _ in range(3):
        client.post(f"/questions/{question.id}/answers", data=preview)
    text = "My careful answer: <check> the support plan & the budget first."
    page = client.post(f"/questions/{question.id}/answers", data={"body": text}).get_data(as_text=True)
    assert "What you wrote is kept on this page" in page
    assert f'<form method="post" action="/questions/{question.id}/answers"' in page
    assert 'name="body" value="My careful answer: &lt;check&gt; the support plan &amp; the budget first."' in page
    assert "Send it again" in page
    login_page = limited.test_client().post("/auth/sign-in", data={"email": "nobody@example.org", "password": "secret words"})
    assert "secret words" not in login_page.get_data(as_text=True)  # never for sign-in
