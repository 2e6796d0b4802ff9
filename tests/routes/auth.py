"""Expected answers for sign-in and account routes."""


def cases(app):
    return [
        ("auth.sign_in", "GET", "/auth/sign-in", {"anonymous": 200, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}),
        ("auth.sign_in", "POST", "/auth/sign-in", {"anonymous": 200, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}),
        ("auth.sign_out", "POST", "/auth/sign-out", {"anonymous": 302, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}),
    ]
