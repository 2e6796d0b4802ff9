"""Admin pages."""
from flask import render_template

from champions.admin import bp


@bp.get("/")
def index():
    """The admin dashboard."""
    return render_template("admin/index.html")
