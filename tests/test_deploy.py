"""deploy/: the environment template lists every setting the Hub reads; the systemd units run commands that
exist; the nginx site is valid nginx (when nginx is installed)."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
INSTALLED = "/srv/sds-hub"  # where the units expect the Hub (deploy/README.md)
VENV_BIN = Path(sys.executable).parent


def variables_the_hub_reads() -> set[str]:
    """Every environment variable named in champions/config.py's reads, and any os.environ read elsewhere."""
    names = set()
    tree = ast.parse((ROOT / "champions" / "config.py").read_text())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, args = node.func, node.args
        if (isinstance(func, ast.Attribute) and func.attr == "get" and isinstance(func.value, ast.Name)
                and func.value.id == "env" and args and isinstance(args[0], ast.Constant)):
            names.add(args[0].value)
        if isinstance(func, ast.Name) and func.id == "_int" and len(args) > 1 and isinstance(args[1], ast.Constant):
            names.add(args[1].value)
    for path in (ROOT / "champions").rglob("*.py"):
        names.update(re.findall(r"os\.environ(?:\.get)?[\(\[]\"([A-Z][A-Z0-9_]+)\"", path.read_text()))
    return names


def template_lines() -> dict[str, str]:
    """NAME -> the line that sets it (commented or not) in the environment template."""
    found = {}
    for line in (DEPLOY / "sds-hub.env.example").read_text().splitlines():
        match = re.fullmatch(r"#?([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            found[match.group(1)] = line
    return found


def test_the_environment_template_lists_every_variable_the_hub_reads():
    read = variables_the_hub_reads()
    assert len(read) > 50 and {"SECRET_KEY", "LOG_FORMAT", "METRICS_TOKEN", "PROMETHEUS_MULTIPROC_DIR"} <= read
    missing = sorted(read - set(template_lines()))
    assert not missing, f"deploy/sds-hub.env.example does not list: {missing}"


def test_the_environment_template_lists_nothing_the_hub_ignores_and_is_plain_name_value_lines():
    unknown = sorted(set(template_lines()) - variables_the_hub_reads())
    assert not unknown, f"deploy/sds-hub.env.example lists variables nothing reads: {unknown}"
    for line in (DEPLOY / "sds-hub.env.example").read_text().splitlines():
        assert not line.startswith("export ") and not re.match(r"#?[A-Z_]+ =", line), line


def test_the_template_gives_a_configuration_the_hub_accepts(tmp_path):
    from champions.config import from_environment

    settings = {name: line.split("=", 1)[1] for name, line in template_lines().items() if not line.startswith("#")}
    config = from_environment(str(tmp_path), settings)
    assert config["TRUSTED_PROXY_COUNT"] == 1 and config["HTTPS"] and config["METRICS_TOKEN"]
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def unit(name: str) -> dict[str, list[str]]:
    """A systemd unit's settings: key -> values (a key may repeat)."""
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def local(path: str) -> Path:
    """Where a path on the server is in this checkout (or this virtualenv)."""
    if path.startswith(f"{INSTALLED}/.venv/bin/"):
        return VENV_BIN / path.rsplit("/", 1)[1]
    if path.startswith(f"{INSTALLED}/"):
        return ROOT / path[len(INSTALLED) + 1:]
    return Path(path)


UNITS = sorted(path.name for path in DEPLOY.glob("*.service"))


def test_the_web_server_worker_and_backup_have_units():
    assert UNITS == ["sds-hub-backup.service", "sds-hub-web.service", "sds-hub-worker.service"]


@pytest.mark.parametrize("name", UNITS)
def test_each_unit_runs_commands_that_exist(name):
    settings = unit(name)
    assert settings["EnvironmentFile"] == ["/etc/sds-hub/sds-hub.env"]
    assert settings["WorkingDirectory"] == [INSTALLED]
    for key in ("ExecStart", "ExecStartPost", "ExecReload"):
        for command in settings.get(key, []):
            program = command.split()[0]
            assert local(program).is_file(), f"{name}: {key} runs {program}, which does not exist here"
            for word in command.split()[1:]:
                if word.startswith(f"{INSTALLED}/"):
                    assert local(word).exists(), f"{name}: {key} names {word}, which is not in the repository"


def test_the_web_unit_serves_the_wsgi_app_with_gunicorn_and_reloads_gracefully():
    settings = unit("sds-hub-web.service")
    [command] = settings["ExecStart"]
    assert command.split()[0].endswith("/gunicorn") and command.endswith(" wsgi:app")
    assert "--workers" in command and "--bind 127.0.0.1:8000" in command
    assert "app = create_app()" in (ROOT / "wsgi.py").read_text()
    assert settings["ExecReload"] == ["/bin/kill -s HUP $MAINPID"]
    assert settings["Environment"] == ["PROMETHEUS_MULTIPROC_DIR=/run/sds-hub-web"]
    assert settings["RuntimeDirectory"] == ["sds-hub-web"]


def test_the_worker_unit_runs_flask_worker_and_stops_it_with_sigterm(app):
    settings = unit("sds-hub-worker.service")
    [command] = settings["ExecStart"]
    assert command.split()[1:] == ["worker"] and command.split()[0].endswith("/flask")
    assert settings["Environment"] == ["FLASK_APP=wsgi:app"]
    assert settings["KillSignal"] == ["SIGTERM"] and int(settings["TimeoutStopSec"][0]) >= 30
    assert "worker" in app.cli.list_commands(None)
    result = app.test_cli_runner().invoke(args=["worker", "--help"])
    assert result.exit_code == 0, result.output


def test_the_backup_unit_runs_flask_backup(app):
    [command] = unit("sds-hub-backup.service")["ExecStart"]
    assert command.split()[1:] == ["backup", "/var/backups/sds-hub", "--tar"]
    assert "backup" in app.cli.list_commands(None)


def test_gunicorn_accepts_its_configuration_file():
    result = subprocess.run([str(VENV_BIN / "gunicorn"), "--check-config", "--config", str(DEPLOY / "gunicorn.conf.py"),
                             "--workers", "2", "wsgi:app"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "DEMO": "1", "HOME": "/tmp"})
    assert result.returncode == 0, result.stdout + result.stderr


def nginx_site_for_test(tmp_path: Path, upstream_port: int = 8000, https_port: int = 443, http_port: int = 80) -> Path:
    """The nginx site with a throwaway certificate and local paths, wrapped in a complete nginx.conf."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem"), "-days", "1", "-subj", "/CN=hub.example.gov.uk",
                    "-addext", "subjectAltName=DNS:hub.example.gov.uk,IP:127.0.0.1"],
                   check=True, capture_output=True)
    site = (DEPLOY / "nginx-sds-hub.conf").read_text()
    for old, new in (("/etc/letsencrypt/live/hub.example.gov.uk/fullchain.pem", str(tmp_path / "cert.pem")),
                     ("/etc/letsencrypt/live/hub.example.gov.uk/privkey.pem", str(tmp_path / "key.pem")),
                     ("/var/log/nginx/", f"{tmp_path}/"), ("/var/www/letsencrypt", str(tmp_path)),
                     (f"{INSTALLED}/static/", f"{ROOT}/static/"), ("127.0.0.1:8000", f"127.0.0.1:{upstream_port}"),
                     ("listen 443 ", f"listen 127.0.0.1:{https_port} "), ("listen 80;", f"listen 127.0.0.1:{http_port};")):
        assert old in site, old
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""  # its workers read the test's private folders
    conf.write_text(f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\ndaemon off;\nevents {{}}\n"
                    f"http {{\n include /etc/nginx/mime.types;\n client_body_temp_path {tmp_path};\n"
                    f" proxy_temp_path {tmp_path};\n include {tmp_path}/site.conf;\n}}\n")
    return conf


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"),
                    reason="nginx or openssl is not installed (Debian: apt-get install nginx-light openssl)")
def test_the_nginx_site_is_valid_nginx(tmp_path):
    conf = nginx_site_for_test(tmp_path)
    result = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = (DEPLOY / "nginx-sds-hub.conf").read_text()
    for needed in ("client_max_body_size 20m;", "X-Forwarded-For $proxy_add_x_forwarded_for",
                   "X-Forwarded-Proto $scheme", "X-Forwarded-Host $host", "return 301 https://"):
        assert needed in site


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_finds_nothing_wrong_with_the_units_but_the_missing_install():
    result = subprocess.run(["systemd-analyze", "verify", *(str(DEPLOY / name) for name in UNITS),
                             str(DEPLOY / "sds-hub-backup.timer")], capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and not re.search(rf"Command {INSTALLED}/\S+ is not executable", line)]
    assert not problems, "\n".join(problems)


def test_hub_flask_runs_flask_as_the_services_do():
    script = DEPLOY / "hub-flask"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    text = script.read_text()
    web = unit("sds-hub-web.service")
    assert f"EnvironmentFile={web['EnvironmentFile'][0]}" in text and f"--uid={web['User'][0]}" in text
    assert f"{INSTALLED}/.venv/bin/flask" in text and local(f"{INSTALLED}/.venv/bin/flask").is_file()
