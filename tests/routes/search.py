"""Expected answers for the search blueprint."""
from champions.extensions import db
from champions.search.models import SearchSynonym

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
SIGNED_IN_REDIRECT = {"anonymous": 302, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}
CHAMPION_PAGE = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
# An empty POST is a form with errors (shown again) for the add form; the edit form keeps its saved value.
CHAMPION_FORM_POST = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": (200, 302), "admin": (200, 302)}
# The champion removes the group; the admin then finds it gone.
CHAMPION_REMOVE = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 302, "admin": (302, 404)}


def cases(app):
    group = SearchSynonym(terms="PA, personal assistant")
    db.session.add(group)
    db.session.commit()
    gid = group.id
    return [
        ("search.index", "GET", "/search/?q=direct+payment", SIGNED_IN),
        ("search.index", "GET", "/search/", SIGNED_IN),
        ("search.open_result", "GET", "/search/open?q=respite&to=/questions/", SIGNED_IN_REDIRECT),
        ("search.open_result", "GET", "/search/open?q=respite&to=https://example.com/",
         {**SIGNED_IN, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
        ("search.synonyms_page", "GET", "/search/synonyms", CHAMPION_PAGE),
        ("search.synonyms_page", "POST", "/search/synonyms", CHAMPION_FORM_POST),
        ("search.edit_synonyms", "GET", f"/search/synonyms/{gid}/edit", CHAMPION_PAGE),
        ("search.edit_synonyms", "POST", f"/search/synonyms/{gid}/edit", CHAMPION_FORM_POST),
        ("search.remove_synonyms", "POST", f"/search/synonyms/{gid}/remove", CHAMPION_REMOVE),
        ("search.not_found", "GET", "/search/not-found", CHAMPION_PAGE),
    ]
