"""Home, accessibility statement and /healthz."""
from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from champions.extensions import db
from champions.main import bp
from champions.main.panels import panels_for
from champions.worker import status, worker_state


@bp.get("/")
def home():
    """Signed in: what matters to the person. Signed out: go and sign in."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    return render_template("main/home.html", panels=panels_for(current_user))


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement (public)."""
    return render_template("main/accessibility.html")


@bp.get("/healthz")
def healthz():
    """200 when the database answers and a worker has beaten lately (if one is required), 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
        now = status()
    except Exception:  # any database failure means unhealthy
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    state = worker_state(now.last_beat)
    # ?check=database: for a load balancer, which must not take every app server out when the worker stops.
    worker_matters = current_app.config.get("WORKER_REQUIRED", True) and request.args.get("check") != "database"
    healthy = state == "ok" or not worker_matters
    body = {"status": "ok" if healthy else "error", "database": "ok", "worker": state,
            "worker_last_beat": now.last_beat.isoformat() if now.last_beat else None,
            "outbox_backlog": now.outbox_backlog, "search_backlog": now.search_backlog}
    return jsonify(body), 200 if healthy else 503


@bp.get("/help")
@login_required
def help_page():
    """How to use the Hub, and what not to post."""
    return render_template("main/help.html")
