"""Expected answers for the mydata blueprint."""

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def cases(app):
    return [
        ("mydata.index", "GET", "/my-data/", SIGNED_IN),
        ("mydata.download", "POST", "/my-data/download", SIGNED_IN),
    ]
