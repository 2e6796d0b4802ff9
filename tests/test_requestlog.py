"""One log line per request (champions/requestlog.py): its fields, the request id, JSON, and what it never holds."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest

from sqlalchemy import select

from champions import requestlog
from champions.auth.views import FAILED_SIGN_IN
from champions.extensions import db
from champions.questions.models import Question
from tests import factories


def lines(caplog) -> list[dict]:
    """The request log's fields for each request seen."""
    return [record.hub for record in caplog.records if record.name == "champions.requests"]


def test_each_request_logs_one_line_with_its_id_endpoint_status_time_and_user_id(client, login_as, caplog):
    caplog.set_level(logging.INFO, logger="champions.requests")
    person = login_as("practitioner")
    response = client.get("/help")
    assert response.status_code == 200
    [line] = lines(caplog)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert (line["method"], line["endpoint"], line["status"], line["user_id"]) == ("GET", "main.help_page", 200,
                                                                                   person.id)
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 60_000  # milliseconds, not seconds
    assert person.email not in str(line)


def test_each_request_has_its_own_id_even_when_the_caller_holds_an_app_context_open(tmp_path):
    """A script or benchmark holding one app context around many requests shares `g` between them."""
    from champions import create_app
    from champions.config import test_config

    own = create_app(test_config(str(tmp_path), None))  # a plain app, as a script makes one
    with own.app_context():
        db.create_all()
        requester = own.test_client()
        ids = [requester.get("/accessibility").headers["X-Request-ID"] for _ in range(3)]
        db.session.remove()
    assert len(set(ids)) == 3


def test_signed_out_requests_and_unknown_urls_log_no_user_and_a_bounded_endpoint(client, caplog):
    caplog.set_level(logging.INFO, logger="champions.requests")
    client.get("/auth/sign-in")
    client.get("/no/such/page/at/all")
    first, second = lines(caplog)
    assert first["endpoint"] == "auth.sign_in" and first["user_id"] is None
    assert second["endpoint"] == "unmatched" and second["status"] == 404


@pytest.mark.parametrize("incoming, kept", [
    ("3f2b8c0a9d4e4f1a8b7c6d5e4f3a2b1c", True),      # nginx's $request_id
    ("req-2027.03.03:0001", True),
    ("short", False),
    ("x" * 129, False),
    ("abc def ghi jkl", False),
    ("abcdefgh\tfake=line", False),
    ('abcdefgh"}', False),
])
def test_an_incoming_request_id_is_kept_only_when_sane(client, caplog, incoming, kept):
    caplog.set_level(logging.INFO, logger="champions.requests")
    response = client.get("/accessibility", headers={"X-Request-ID": incoming})
    echoed = response.headers["X-Request-ID"]
    assert (echoed == incoming) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", echoed)
    assert lines(caplog)[0]["request_id"] == echoed


def _capture(app, log_format: str) -> tuple[io.StringIO, logging.Handler]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(requestlog.formatter_for(log_format))
    handler.addFilter(requestlog.RequestIdFilter())
    app.logger.addHandler(handler)  # "champions": the request log ("champions.requests") reaches it too
    return stream, handler


@pytest.fixture
def captured(app):
    """Everything the request log and the app's log write, formatted as on a server (text and JSON)."""
    streams = {}
    handlers = []
    for log_format in ("text", "json"):
        stream, handler = _capture(app, log_format)
        streams[log_format] = stream
        handlers.append(handler)
    logging.getLogger("champions.requests").setLevel(logging.INFO)
    yield streams
    for handler in handlers:
        app.logger.removeHandler(handler)


def test_json_lines_are_one_object_each(client, login_as, captured):
    person = login_as("champion")
    client.get("/help", headers={"X-Request-ID": "abcdef0123456789"})
    client.get("/accessibility")
    objects = [json.loads(line) for line in captured["json"].getvalue().splitlines()]
    assert [(o["endpoint"], o["status"], o["user_id"]) for o in objects] == [
        ("main.help_page", 200, person.id), ("main.accessibility", 200, person.id)]
    assert objects[0]["request_id"] == "abcdef0123456789" and objects[0]["level"] == "INFO"
    text = captured["text"].getvalue().splitlines()
    assert "request_id=abcdef0123456789 method=GET endpoint=main.help_page status=200" in text[0]


def test_passwords_post_text_and_query_strings_never_reach_the_logs(app, client, login_as, captured, caplog):
    caplog.set_level(logging.DEBUG)
    person = factories.user(password="Tangerine-Wardrobe-Secret-91")
    db.session.commit()
    wrong = client.post("/auth/sign-in?next=/help%3Ftoken%3DQUERYSECRET77",
                        data={"email": person.email, "password": "Tangerine-Wardrobe-Wrong-92"})
    assert FAILED_SIGN_IN in wrong.get_data(as_text=True)  # handled: refused in the page
    assert client.post("/auth/sign-in", data={"email": person.email, "password": "Tangerine-Wardrobe-Secret-91"}
                       ).status_code == 302  # handled: signed in
    login_as(person)
    response = client.post("/questions/new", data={
        "title": "Paying a neighbour as a personal assistant", "visibility": "staff",
        "body": "Marmalade-Hippopotamus private detail about a family"})
    assert response.status_code == 302  # posted, so its text went through the app
    assert db.session.scalar(select(Question.id).where(Question.title.startswith("Paying a neighbour")))
    client.get("/search?q=Zeppelin-Quince-Search")
    # A crash while handling a post: the error is logged, with no word of what was posted.
    app.config["RENDER_500_IN_TESTS"] = True
    app.view_functions["questions.ask"], original = _broken, app.view_functions["questions.ask"]
    try:
        assert client.post("/questions/new", data={"title": "Anything", "body": "Marmalade-Hippopotamus again"}
                           ).status_code == 500
    finally:
        app.view_functions["questions.ask"] = original
    everything = "\n".join([captured["text"].getvalue(), captured["json"].getvalue(), caplog.text])
    assert "questions.ask" in everything and "Unhandled error" in everything
    for secret in ("Tangerine-Wardrobe", "Marmalade-Hippopotamus", "QUERYSECRET77", "Zeppelin-Quince",
                   "Paying a neighbour", person.email):
        assert secret not in everything, f"{secret!r} appeared in the logs"


def _broken():
    raise RuntimeError("the view failed")


def test_database_errors_never_carry_the_values_of_the_query(app):
    # A failed INSERT's message would otherwise quote every value, such as a post's text, into the error log.
    assert db.engine.hide_parameters is True
