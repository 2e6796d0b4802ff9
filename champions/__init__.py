"""SDS Champions Hub: the application factory."""
from __future__ import annotations

import importlib
import os

# One BLAS thread per process: a request multiplies one vector by the search vectors, which takes under a
# millisecond on one core; OpenBLAS's extra threads only spin, and cost 5-20 times the CPU under load.
# (Set here, before anything imports numpy; an explicit setting in the environment wins.)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from flask import Flask

from champions import config as config_module
from champions.extensions import csrf, db, limiter, login_manager, migrate

# Each feature is a package with a blueprint `bp`; registered in this order.
BLUEPRINTS = (
    "main", "auth", "admin", "questions", "moderation", "notifications", "search",
    "meetings", "induction", "practice", "updates", "organisations", "outbox", "attachments", "resources",
    "workshops", "selfeval", "people", "insights", "accuracy", "mydata", "worker",
)


def create_app(config: dict | None = None) -> Flask:
    """Create the app: configuration, extensions, blueprints, error pages, Jinja helpers, CLI."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_relative_config=True)
    app.config.update(config_module.BASE)
    if config is None:
        app.config.update(config_module.from_environment(app.instance_path))
    else:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)

    from champions import database, security, templating, errors, cli

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True,
                     include_object=database.include_in_migrations, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    cli.init_app(app)

    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        # Behind nginx or a load balancer: trust its X-Forwarded-* headers (HTTPS, client address).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    for name in BLUEPRINTS:
        module = importlib.import_module(f"champions.{name}")
        app.register_blueprint(module.bp)

    # Listeners on every database session, registered here so they are not a surprise: a flush that saves a
    # new (or newly confirmed) staff member assigns them the core induction; search jobs queued in a
    # transaction are applied after it commits and the response is sent (with those of the changed content's files).
    from champions.attachments import search as attachment_search
    from champions.induction import progress
    from champions.search import jobs

    progress.init_app(app)
    jobs.init_app(app)
    attachment_search.init_app(app)  # a parent's search job brings its files' jobs
    return app
