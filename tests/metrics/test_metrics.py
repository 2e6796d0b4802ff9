"""/metrics: who may read it, and what a person's requests, sign-in failures and the queues show there."""
from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from champions.extensions import db
from champions.outbox.models import queue_email
from champions.search.models import SearchJob
from champions.timeutil import utcnow
from tests import factories

TOKEN = "s3cret-metrics-token-for-tests"


def value(text: str, name: str, **labels) -> float | None:
    """The value of one sample in Prometheus text, or None when it is absent."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return None


@pytest.fixture
def scrape(app, client, monkeypatch):
    """GET /metrics with the token configured and presented (counting from zero); returns the text."""
    from champions.metrics.collectors import HubMetrics

    monkeypatch.setitem(app.extensions, "hub_metrics", HubMetrics())  # the app is shared by the process's tests
    app.config["METRICS_TOKEN"] = TOKEN

    def _scrape() -> str:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        return response.get_data(as_text=True)

    return _scrape


# --- who may read it ----------------------------------------------------------------------------------
def test_nobody_reads_metrics_when_neither_a_token_nor_addresses_are_configured(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN])
def test_a_missing_or_wrong_token_gets_a_404(app, client, header):
    app.config["METRICS_TOKEN"] = TOKEN
    headers = {"Authorization": header} if header else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 404
    assert "hub_http" not in response.get_data(as_text=True)


def test_the_right_token_reads_prometheus_text(app, client):
    app.config["METRICS_TOKEN"] = TOKEN
    response = client.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    assert response.headers["Cache-Control"] == "no-store"
    assert "# TYPE hub_http_request_duration_seconds histogram" in response.get_data(as_text=True)


@pytest.mark.parametrize("allow, address, status", [
    (["127.0.0.1"], "127.0.0.1", 200),
    (["10.0.0.0/8"], "10.20.30.40", 200),
    (["10.0.0.0/8", "192.0.2.7"], "192.0.2.7", 200),
    (["10.0.0.0/8"], "192.0.2.7", 404),
    (["2001:db8::/32"], "2001:db8::1", 200),
    ([], "127.0.0.1", 404),
])
def test_addresses_in_metrics_allow_read_without_a_token(app, client, allow, address, status):
    app.config["METRICS_ALLOW"] = allow
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": address}).status_code == status


def test_the_allow_list_is_not_trusted_through_a_proxy_the_hub_does_not_trust(app, client):
    # Behind nginx with TRUSTED_PROXY_COUNT=0 every caller looks like 127.0.0.1: the list must not let them in.
    app.config["METRICS_ALLOW"] = ["127.0.0.1"]
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    assert client.get("/metrics", headers=forwarded).status_code == 404
    app.config["METRICS_TOKEN"] = TOKEN
    assert client.get("/metrics", headers=forwarded | {"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_a_bad_metrics_allow_entry_stops_the_app_starting_with_a_clear_message():
    from champions.config import ConfigError, from_environment

    with pytest.raises(ConfigError, match="METRICS_ALLOW must list IP addresses"):
        from_environment("/tmp", {"SECRET_KEY": "x", "METRICS_ALLOW": "10.0.0.0/8, intranet"})
    settings = from_environment("/tmp", {"SECRET_KEY": "x", "METRICS_ALLOW": " 10.0.0.0/8 ,::1", "METRICS_TOKEN": " t "})
    assert settings["METRICS_ALLOW"] == ["10.0.0.0/8", "::1"] and settings["METRICS_TOKEN"] == "t"


# --- what it shows ------------------------------------------------------------------------------------
def test_latency_is_recorded_per_endpoint_not_per_url(app, client, login_as, scrape):
    login_as("practitioner")
    from tests import factories_questions

    first, second = factories_questions.question(), factories_questions.question()
    db.session.commit()
    for item in (first, second, first):
        assert client.get(f"/questions/{item.id}").status_code == 200
    text = scrape()
    assert value(text, "hub_http_request_duration_seconds_count", endpoint="questions.detail", method="GET") == 3
    assert value(text, "hub_http_request_duration_seconds_bucket", endpoint="questions.detail", le="+Inf") == 3
    assert f"/questions/{first.id}" not in text


def test_4xx_and_5xx_are_counted_by_endpoint_and_status(app, client, login_as, scrape, monkeypatch):
    login_as("practitioner")
    assert client.get("/questions/999999").status_code == 404
    assert client.get("/questions/999999").status_code == 404
    assert client.get("/no-such-page").status_code == 404
    app.config["RENDER_500_IN_TESTS"] = True

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setitem(app.view_functions, "main.accessibility", broken)
    assert client.get("/accessibility").status_code == 500
    text = scrape()
    assert value(text, "hub_http_errors_total", endpoint="questions.detail", status="404") == 2
    assert value(text, "hub_http_errors_total", endpoint="unmatched", status="404") == 1
    assert value(text, "hub_http_errors_total", endpoint="main.accessibility", status="500") == 1
    assert value(text, "hub_http_errors_total", endpoint="main.healthz") is None


def test_failed_sign_ins_are_counted(app, client, scrape):
    person = factories.user()
    db.session.commit()
    assert value(scrape(), "hub_sign_in_failures_total", step="password") == 0
    for password in ("wrong one", "wrong two"):
        client.post("/auth/sign-in", data={"email": person.email, "password": password})
    client.post("/auth/sign-in", data={"email": "nobody@example.org", "password": "whatever"})
    client.post("/auth/sign-in", data={"email": person.email, "password": factories.PASSWORD})
    text = scrape()
    assert value(text, "hub_sign_in_failures_total", step="password") == 3
    assert value(text, "hub_sign_in_failures_total", step="second_step") == 0


def test_outbox_and_search_backlogs_are_read_from_the_database(app, scrape):
    text = scrape()
    assert value(text, "hub_database_up") == 1
    assert value(text, "hub_outbox_backlog") == 0 and value(text, "hub_search_backlog") == 0
    for n in range(3):
        queue_email("someone@example.org", f"Subject {n}", "Body")
    message = queue_email("other@example.org", "Old", "Body")
    message.created_at = utcnow() - timedelta(minutes=10)
    sent = queue_email("sent@example.org", "Sent", "Body")
    sent.status = "sent"
    db.session.add(SearchJob(kind="question", object_id=1, created_at=utcnow() - timedelta(seconds=90)))
    db.session.commit()
    app.extensions.pop("search_pending", None)
    text = scrape()
    assert value(text, "hub_outbox_backlog") == 4
    assert 590 <= value(text, "hub_outbox_oldest_queued_age_seconds") <= 700
    assert value(text, "hub_search_backlog") == 1
    assert value(text, "hub_search_oldest_job_age_seconds") >= 89


def test_a_database_that_is_down_is_reported_not_a_500(app, scrape, monkeypatch):
    from champions.metrics import collectors

    def down(now):
        raise collectors_error

    collectors_error = RuntimeError("connection refused")
    monkeypatch.setattr(collectors, "_queue_figures", down)
    text = scrape()
    assert value(text, "hub_database_up") == 0
    assert value(text, "hub_outbox_backlog") is None


def test_behind_a_trusted_proxy_the_allow_list_checks_the_forwarded_client_address(tmp_path):
    from champions import create_app
    from champions.config import test_config

    proxied = create_app(test_config(str(tmp_path)) | {"TRUSTED_PROXY_COUNT": 1, "METRICS_ALLOW": ["203.0.113.0/24"]})
    client = proxied.test_client()
    via_nginx = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base=via_nginx).status_code == 200
    assert client.get("/metrics", headers={"X-Forwarded-For": "198.51.100.1"}, environ_base=via_nginx).status_code == 404
    # A client cannot claim an allowed address: nginx appends the real one, and only the last hop is trusted.
    spoofed = {"X-Forwarded-For": "203.0.113.9, 198.51.100.1"}
    assert client.get("/metrics", headers=spoofed, environ_base=via_nginx).status_code == 404


def test_the_heartbeat_gauge_reads_the_real_worker_status(app, scrape):
    from champions.worker.models import WorkerHeartbeat

    text = scrape()
    assert value(text, "hub_worker_heartbeat_known") == 0  # no worker has ever beaten
    db.session.add(WorkerHeartbeat(worker_id="host-1-123", host="host-1", pid=123,
                                   last_beat_at=utcnow() - timedelta(seconds=400)))
    db.session.commit()
    text = scrape()
    assert value(text, "hub_worker_heartbeat_known") == 1
    assert 400 <= value(text, "hub_worker_heartbeat_age_seconds") < 460
