"""People: profiles ("click a name anywhere"), telling apart people with the same name."""
from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.app_template_global("person_name")
def person_name(user) -> str:
    """`person_name(user)` in every template and macro: the name, with team or organisation when another member shares it."""
    from champions.people.names import person_name as name

    return name(user)


@bp.app_template_global("saved_by_me")
def saved_by_me(content_type: str, object_id: int) -> bool:
    """`saved_by_me("question", 5)` in templates: has the signed-in person saved it?"""
    from flask_login import current_user

    from champions.people.following import is_saved

    return current_user.is_authenticated and is_saved(current_user, content_type, object_id)


@bp.app_template_global("follows_tag")
def follows_tag(tag) -> bool:
    """`follows_tag(tag)` in templates: does the signed-in person follow it?"""
    from flask_login import current_user

    from champions.people.following import follows_tag as follows

    return current_user.is_authenticated and follows(current_user, tag)


@bp.app_template_global("nav_counts")
def nav_counts() -> dict:
    """`nav_counts()` in templates: what waits for the signed-in person, by navigation endpoint."""
    from flask_login import current_user

    from champions.people.needs import nav_counts as counts

    return counts(current_user) if current_user.is_authenticated else {}


@bp.app_template_global("needs_you")
def needs_you() -> list:
    """`needs_you()` on the home page: the short list of what waits for the signed-in person."""
    from flask_login import current_user

    from champions.people.needs import needs

    return needs(current_user) if current_user.is_authenticated else []


# What this feature adds to the app (routes, search types, panels, commands): create_app imports these
# when it registers the blueprint, so importing the feature's models never imports its views.
MODULES = ("views",)
