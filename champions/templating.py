"""Jinja helpers: date formats, the permission rulebook and role-based navigation."""
from __future__ import annotations

import os

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from jinja2 import FileSystemBytecodeCache

from champions import permissions, timeutil

# (label, endpoint, permission action or None for everyone signed in), in menu order.
NAVIGATION = (
    ("Questions", "questions.index", None),
    ("Meetings", "meetings.index", None),
    ("Induction", "induction.index", "induction.view"),
    ("Practice examples", "practice.index", None),
    ("Self-evaluation", "selfeval.index", None),
    ("Partner updates", "updates.index", None),
    ("Workshops", "workshops.index", None),
    ("Moderation", "moderation.queue", "moderation.view"),
    ("Insights", "insights.index", "insights.view"),
    ("Admin", "admin.index", "admin.access"),
)


def fixed_url(endpoint: str, **values) -> str:
    """url_for for a link whose arguments never change (the layout's own links and files), built once per app
    and mount point: each url_for costs about as much as a small query's Python side, and every page has 30."""
    cache = current_app.extensions.setdefault("hub_fixed_urls", {})
    key = (request.script_root, endpoint, *sorted(values.items()))
    url = cache.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(cache) < 500:  # only the templates' fixed links are asked for: a bound that is never reached
            cache[key] = url
    return url


def nav_items() -> list[dict]:
    """The navigation links this person may use."""
    if not current_user.is_authenticated:
        return []
    if permissions.is_partner(current_user):
        from champions.people.needs import counts

        counts(current_user)  # the navigation's counting query, which also asks whether the Induction link shows
    items = []
    for label, endpoint, action in NAVIGATION:
        if action and not permissions.can(current_user, action):
            continue
        url = fixed_url(endpoint)
        prefix = url.rstrip("/") or "/"
        items.append({
            "label": label,
            "endpoint": endpoint,
            "url": url,
            "current": request.path == prefix or request.path.startswith(prefix + "/"),
        })
    return items


def init_app(app: Flask) -> None:
    """Register filters and globals used by every template."""
    app.jinja_env.filters["date"] = timeutil.format_date
    app.jinja_env.filters["datetime"] = timeutil.format_datetime
    app.jinja_env.filters["time"] = timeutil.format_time
    app.jinja_env.filters["ago"] = timeutil.time_ago
    app.jinja_env.filters["iso_datetime"] = timeutil.iso_datetime
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["fixed_url"] = fixed_url
    app.jinja_env.globals["VISIBILITY_LABELS"] = permissions.VISIBILITY_LABELS
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if not (app.debug or app.testing):
        # Compiled templates kept on disk: a new or restarted gunicorn worker loads them instead of compiling
        # each one on its first request. (Templates are not re-read while serving unless FLASK_DEBUG is on.)
        folder = os.path.join(app.instance_path, "jinja-cache")
        try:
            os.makedirs(folder, exist_ok=True)
            app.jinja_env.bytecode_cache = FileSystemBytecodeCache(folder)
        except OSError:
            app.logger.warning("No template cache: cannot write to %s", folder)

    @app.template_filter("allowed")
    def allowed(items, action: str = "question.view") -> list:
        """The items the signed-in person may see (or act on), by the rulebook: `questions|allowed`."""
        user = current_user._get_current_object()
        return [item for item in items or () if permissions.can(user, action, item)]

    @app.context_processor
    def inject_permissions():
        user = current_user._get_current_object()  # once per template, not once per call
        memo: dict = {}  # this render's answers about who may read what (see permissions.remembering)

        def can(action: str, obj=None) -> bool:
            with permissions.remembering(memo):
                return permissions.can(user, action, obj)

        return {"can": can}
