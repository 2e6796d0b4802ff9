"""gunicorn settings for the Hub (deploy/sds-hub-web.service passes --workers and --bind on its command line)."""
import os
import shutil

# Behind nginx on the same machine: nginx buffers slow clients, so sync workers are right.
worker_class = "sync"
timeout = 60  # a request still running after this is stopped (an upload's text extraction fits well inside)
graceful_timeout = 30  # on reload or stop, time for running requests to finish
keepalive = 5
max_requests = 2000  # recycle workers now and then, spread out so they do not all restart at once
max_requests_jitter = 200
# Request lines come from the Hub itself (one line per request, with a request id; LOG_FORMAT=json for JSON):
# gunicorn's own access log would repeat them with the query string, so it stays off.
accesslog = None
errorlog = "-"
# nginx on 127.0.0.1 is the only client; the Hub reads X-Forwarded-* through TRUSTED_PROXY_COUNT.
forwarded_allow_ips = "127.0.0.1"


def on_starting(server):
    """Start the shared metrics folder empty: counts from a previous run would be added to this one's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for entry in os.scandir(folder):  # the folder itself may belong to systemd (RuntimeDirectory)
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)


def post_worker_init(worker):
    """Load search by meaning (the model and, on PostgreSQL, each document's sign bits) before the first request."""
    from champions.search.engine import warm

    warm(worker.wsgi)


def child_exit(server, worker):
    """A worker has gone: tell prometheus-client, so its figures are kept as a finished worker's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
