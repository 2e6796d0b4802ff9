"""People: profiles ("click a name anywhere"), telling apart people with the same name."""
from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.app_template_global("person_name")
def person_name(user) -> str:
    """`person_name(user)` in every template and macro: the name, with team or organisation when another member shares it."""
    from champions.people.names import person_name as name

    return name(user)


from champions.people import views  # noqa: E402,F401
