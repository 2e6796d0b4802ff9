"""The deploy files working together: nginx (deploy/nginx-sds-hub.conf) in front of gunicorn with two workers
(deploy/gunicorn.conf.py, as sds-hub-web.service runs it), on 127.0.0.1 with a throwaway certificate."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.test_deploy import DEPLOY, ROOT, VENV_BIN, nginx_site_for_test

pytestmark = pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"),
                                reason="nginx or openssl is not installed (Debian: apt-get install nginx-light openssl)")
TOKEN = "live-metrics-token-0123456789"
PASSWORD = "Umbrella-Porcupine-Secret-55"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120, **kwargs) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(url, timeout=30, **kwargs)
            return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a worker still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def served(tmp_path):
    """(https base URL, http base URL, certificate, gunicorn process, its log, the metrics folder)."""
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    metrics_dir = tmp_path / "prometheus"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "SECRET_KEY": "live-test-key",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'hub.db'}", "SEARCH_INDEX_DIR": str(tmp_path / "index"),
           "UPLOAD_DIR": str(tmp_path / "uploads"), "MAIL_DIR": str(tmp_path / "mail"), "TRUSTED_PROXY_COUNT": "1",
           "SERVER_BASE_URL": f"https://127.0.0.1:{https_port}", "METRICS_TOKEN": TOKEN,
           "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "SEARCH_SEMANTIC": "0", "RATELIMIT_ENABLED": "0"}
    subprocess.run([sys.executable, "-c", "from champions import create_app\nfrom champions.extensions import db\n"
                    "app = create_app()\nwith app.app_context(): db.create_all()"],
                   cwd=ROOT, env=env, check=True, timeout=120)
    log = open(tmp_path / "gunicorn.log", "w")
    gunicorn = subprocess.Popen([str(VENV_BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py"),
                                 "--workers", "2", "--bind", f"127.0.0.1:{app_port}", "wsgi:app"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    conf = nginx_site_for_test(tmp_path, app_port, https_port, http_port)
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp_path)], stdout=log, stderr=log)
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz")
        wait_for(f"https://127.0.0.1:{https_port}/healthz", verify=str(tmp_path / "cert.pem"))
        yield (f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", str(tmp_path / "cert.pem"),
               gunicorn, tmp_path / "gunicorn.log", metrics_dir)
    finally:
        for process in (nginx, gunicorn):
            process.send_signal(signal.SIGTERM)
        for process in (nginx, gunicorn):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
        print((tmp_path / "gunicorn.log").read_text()[-4000:])  # shown when the test fails


def count(text: str, endpoint: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "hub_http_request_duration_seconds_count" and sample.labels["endpoint"] == endpoint:
                return sample.value
    return 0


def test_nginx_and_gunicorn_serve_the_hub_as_deployed(served):
    https, http, cert, gunicorn, log, metrics_dir = served
    # HTTP goes to HTTPS.
    response = requests.get(f"{http}/accessibility?x=1", allow_redirects=False, timeout=60)
    assert response.status_code == 301 and response.headers["Location"].startswith("https://")
    # Static files come from nginx, cached for an hour.
    response = requests.get(f"{https}/static/css/hub.css", verify=cert, timeout=60)
    assert response.status_code == 200 and "max-age=3600" in response.headers["Cache-Control"]
    assert "X-Request-ID" not in response.headers  # the Hub never saw it
    # Pages: the Hub sees HTTPS through X-Forwarded-Proto (so it sends HSTS) and echoes nginx's request id.
    with ThreadPoolExecutor(4) as pool:
        pages = list(pool.map(lambda _: requests.get(f"{https}/accessibility", verify=cert, timeout=90), range(12)))
    assert {page.status_code for page in pages} == {200}
    assert all("max-age=31536000" in page.headers.get("Strict-Transport-Security", "") for page in pages)
    ids = [page.headers["X-Request-ID"] for page in pages]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and len(set(ids)) == 12
    # Bodies over 20 MB stop at nginx.
    big = requests.post(f"{https}/auth/sign-in", data=b"x" * (21 * 1024 * 1024), verify=cert, timeout=60,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413
    # A sign-in form posted without its CSRF token: refused, and logged without the password or email.
    requests.post(f"{https}/auth/sign-in", data={"email": "someone@example.org", "password": PASSWORD},
                  verify=cert, timeout=60)
    # /metrics adds up both workers' counts (PROMETHEUS_MULTIPROC_DIR), for the token only.
    assert requests.get(f"{https}/metrics", verify=cert, timeout=60).status_code == 404
    text = requests.get(f"{https}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, verify=cert, timeout=60).text
    assert count(text, "main.accessibility") == 12
    assert len({p.stem.rsplit("_", 1)[-1] for p in metrics_dir.glob("*.db")}) >= 2, "each worker writes its counts there"
    # A graceful reload (systemctl reload): new workers, the counts carry on.
    gunicorn.send_signal(signal.SIGHUP)
    time.sleep(3)
    assert requests.get(f"{https}/accessibility", verify=cert, timeout=90).status_code == 200
    text = requests.get(f"{https}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, verify=cert, timeout=60).text
    assert count(text, "main.accessibility") == 13
    logged = log.read_text()
    assert f"request_id={ids[0]} method=GET endpoint=main.accessibility status=200" in logged
    assert "method=POST endpoint=auth.sign_in status=400" in logged
    assert PASSWORD not in logged and "someone@example.org" not in logged
