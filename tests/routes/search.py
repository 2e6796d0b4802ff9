"""Expected answers for the search blueprint."""

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def cases(app):
    return [
        ("search.index", "GET", "/search/?q=direct+payment", SIGNED_IN),
        ("search.index", "GET", "/search/", SIGNED_IN),
    ]
