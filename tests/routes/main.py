"""Expected answers for the main blueprint."""

EVERYONE = {"anonymous": 200, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def cases(app):
    return [
        ("main.home", "GET", "/", SIGNED_IN),
        ("main.accessibility", "GET", "/accessibility", EVERYONE),
        ("main.healthz", "GET", "/healthz", EVERYONE),
        ("main.help_page", "GET", "/help", SIGNED_IN),
    ]
