"""Expected answers for the admin blueprint."""

ADMIN_ONLY = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 200}


def cases(app):
    return [
        ("admin.index", "GET", "/admin/", ADMIN_ONLY),
    ]
