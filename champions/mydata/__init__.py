"""People's rights over their data: download everything the Hub holds about you."""
from flask import Blueprint

bp = Blueprint("mydata", __name__, url_prefix="/my-data")

# Every route of the blueprint is in this module.
from champions.mydata import views, views_erase  # noqa: E402,F401
# The retention command registers itself on the blueprint's command group.
from champions.mydata import cli  # noqa: E402,F401
