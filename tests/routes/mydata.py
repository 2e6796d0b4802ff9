"""Expected answers for the mydata blueprint."""

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def cases(app):
    return [
        ("mydata.index", "GET", "/my-data/", SIGNED_IN),
        ("mydata.privacy_notice", "GET", "/my-data/privacy",
         {"anonymous": 200, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}),
        ("mydata.download", "POST", "/my-data/download", SIGNED_IN),
        # Nobody's download but their own: a prepared download of someone else is a 404.
        ("mydata.prepared_download", "POST", f"/my-data/download/{someone_elses_export(app)}",
         {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
    ] + erase_cases(app)


def someone_elses_export(app) -> int:
    """A ready download belonging to a person none of the roles is."""
    from datetime import timedelta

    from champions.extensions import db
    from champions.mydata.models import DataExport
    from champions.timeutil import utcnow
    from tests import factories

    owner = factories.user("practitioner")
    db.session.flush()
    export = DataExport(user_id=owner.id, status="ready", content=b"zip", size=3, ready_at=utcnow(),
                        expires_at=utcnow() + timedelta(days=7))
    db.session.add(export)
    db.session.commit()
    return export.id


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
