"""Expected answers for the mydata blueprint."""

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def cases(app):
    return [
        ("mydata.index", "GET", "/my-data/", SIGNED_IN),
        ("mydata.privacy_notice", "GET", "/my-data/privacy",
         {"anonymous": 200, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}),
        ("mydata.download", "POST", "/my-data/download", SIGNED_IN),
    ] + erase_cases(app)


def erase_cases(app):
    """A practitioner to erase (each role's request is refused or shows the confirmation)."""
    from champions.extensions import db
    from tests import factories

    person = factories.user("practitioner")
    db.session.commit()
    admin_only = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 200}
    return [
        ("mydata.erase_person", "GET", f"/my-data/erase/{person.id}", admin_only),
        ("mydata.erase_person", "POST", f"/my-data/erase/{person.id}", admin_only),
        ("mydata.erase_person", "GET", "/my-data/erase/999999", {**admin_only, "admin": 404}),
    ]
