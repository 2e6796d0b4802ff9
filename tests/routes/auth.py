"""Expected answers for sign-in and account routes."""
from champions.extensions import db
from tests import factories
from tests.factories_auth import invitation, token

ALL = ("anonymous", "practitioner", "partner", "champion", "admin")
SIGNED_IN_REDIRECT = {"anonymous": 200, "practitioner": 302, "partner": 302, "champion": 302, "admin": 302}
SIGNED_IN_ONLY = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}


def _every(status):
    return {role: status for role in ALL}


def cases(app):
    unconfirmed = factories.user(email_confirmed_at=None)
    _, confirm_raw = token("confirm_email", user=unconfirmed)
    _, reset_raw = token("password_reset", user=factories.user())
    _, invite_raw = invitation(organisation=factories.organisation(kind="partner"))
    db.session.commit()
    return [
        ("auth.sign_in", "GET", "/auth/sign-in", SIGNED_IN_REDIRECT),
        ("auth.sign_in", "POST", "/auth/sign-in", SIGNED_IN_REDIRECT),
        ("auth.sign_out", "POST", "/auth/sign-out", _every(302)),
        ("auth.register", "GET", "/auth/register", SIGNED_IN_REDIRECT),
        ("auth.register", "POST", "/auth/register", SIGNED_IN_REDIRECT),
        ("auth.check_email", "GET", "/auth/check-email", _every(200)),
        ("auth.confirm_email", "GET", f"/auth/confirm/{confirm_raw}", _every(200)),
        ("auth.confirm_email", "GET", "/auth/confirm/not-a-real-token", _every(404)),
        # An empty POST confirms (the CSRF token is the only field; CSRF is off here).
        ("auth.confirm_email", "POST", "/auth/confirm/not-a-real-token", _every(404)),
        ("auth.resend_confirmation", "POST", "/auth/confirm/resend", _every(400)),
        ("auth.forgot_password", "GET", "/auth/forgot-password", _every(200)),
        ("auth.forgot_password", "POST", "/auth/forgot-password", _every(200)),
        ("auth.reset_password", "GET", f"/auth/reset/{reset_raw}", _every(200)),
        ("auth.reset_password", "POST", "/auth/reset/not-a-real-token", _every(404)),
        ("auth.accept_invitation", "GET", f"/auth/accept/{invite_raw}", _every(200)),
        ("auth.accept_invitation", "POST", "/auth/accept/not-a-real-token", _every(404)),
        ("auth.profile", "GET", "/auth/profile", SIGNED_IN_ONLY),
        ("auth.edit_profile", "GET", "/auth/profile/edit", SIGNED_IN_ONLY),
        ("auth.edit_profile", "POST", "/auth/profile/edit", _every(302)),
        ("auth.change_password", "GET", "/auth/profile/password", SIGNED_IN_ONLY),
        ("auth.change_password", "POST", "/auth/profile/password", SIGNED_IN_ONLY),
        ("auth.sign_out_everywhere", "POST", "/auth/profile/sign-out-everywhere", _every(302)),
    ]
