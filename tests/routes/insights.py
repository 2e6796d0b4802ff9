"""Expected answers for the insights blueprint."""

CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS_MISSING = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 404, "admin": 404}


def cases(app):
    """The page, a CSV for one table, a CSV for no table, and the page with a bad date."""
    return [
        ("insights.index", "GET", "/insights/", CHAMPIONS),
        ("insights.index", "GET", "/insights/?start-day=31&start-month=2&start-year=2027", CHAMPIONS),
        ("insights.table_csv", "GET", "/insights/questions-per-month.csv", CHAMPIONS),
        ("insights.table_csv", "GET", "/insights/no-such-table.csv", CHAMPIONS_MISSING),
    ]
