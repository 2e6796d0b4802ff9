"""Expected answers for the admin blueprint."""
from champions.admin.models import PublicContact
from champions.extensions import db
from tests import factories
from tests.factories_auth import invitation

ADMIN_ONLY = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 200}
ADMIN_POST = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 302}
ADMIN_BAD_POST = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 400}


# An empty POST to an edit form keeps the stored values (WTForms falls back to the object), so it saves.
def cases(app):
    org = factories.organisation("Route Council")
    team = factories.team("Route Team", org)
    person = factories.user(email="route-person@example.org", organisation_=org)
    former = factories.user(email="route-former@example.org", active=False)
    waiting = factories.user(email="route-waiting@example.org", email_confirmed_at=None)
    leaving = factories.user(email="route-leaving@example.org", email_confirmed_at=None)
    pending, _ = invitation(email="route-invitee@example.net")
    revokable, _ = invitation(email="route-revokable@example.net")
    contact = PublicContact(value="0131 496 0000", label="Route council offices")
    db.session.add(contact)
    db.session.commit()
    return [
        ("admin.index", "GET", "/admin/", ADMIN_ONLY),
        ("admin.audit_log", "GET", "/admin/audit?action=user.deactivate", ADMIN_ONLY),
        ("admin.users", "GET", "/admin/users?q=route&role=practitioner&status=active", ADMIN_ONLY),
        ("admin.user_detail", "GET", f"/admin/users/{person.id}", ADMIN_ONLY),
        ("admin.user_detail", "GET", "/admin/users/999999", {**ADMIN_ONLY, "admin": 404}),
        ("admin.change_role", "POST", f"/admin/users/{person.id}/role", ADMIN_BAD_POST),
        ("admin.deactivate_user", "POST", f"/admin/users/{person.id}/deactivate", ADMIN_POST),
        ("admin.reactivate_user", "POST", f"/admin/users/{former.id}/reactivate", ADMIN_POST),
        ("admin.resend_confirmation", "POST", f"/admin/users/{waiting.id}/resend-confirmation", ADMIN_POST),
        ("admin.reset_second_factor", "POST", f"/admin/users/{person.id}/reset-second-factor", ADMIN_POST),
        ("admin.remove_unconfirmed", "POST", f"/admin/users/{leaving.id}/remove", ADMIN_POST),
        ("admin.organisations", "GET", "/admin/organisations", ADMIN_ONLY),
        ("admin.new_organisation", "GET", "/admin/organisations/new", ADMIN_ONLY),
        ("admin.new_organisation", "POST", "/admin/organisations/new", ADMIN_ONLY),
        ("admin.organisation_detail", "GET", f"/admin/organisations/{org.id}", ADMIN_ONLY),
        ("admin.edit_organisation", "GET", f"/admin/organisations/{org.id}/edit", ADMIN_ONLY),
        ("admin.edit_organisation", "POST", f"/admin/organisations/{org.id}/edit", ADMIN_POST),
        ("admin.add_team", "POST", f"/admin/organisations/{org.id}/teams", ADMIN_BAD_POST),
        ("admin.edit_team", "GET", f"/admin/teams/{team.id}/edit", ADMIN_ONLY),
        ("admin.edit_team", "POST", f"/admin/teams/{team.id}/edit", ADMIN_POST),
        ("admin.public_contacts", "GET", "/admin/public-contacts", ADMIN_ONLY),
        ("admin.add_public_contact", "POST", "/admin/public-contacts", ADMIN_BAD_POST),
        ("admin.remove_public_contact", "POST", f"/admin/public-contacts/{contact.id}/remove", ADMIN_POST),
        ("admin.remove_public_contact", "POST", "/admin/public-contacts/999999/remove", {**ADMIN_POST, "admin": 404}),
        ("admin.invitations", "GET", "/admin/invitations?status=expired", ADMIN_ONLY),
        ("admin.invite", "POST", "/admin/invitations", ADMIN_BAD_POST),
        ("admin.resend_invitation", "POST", f"/admin/invitations/{pending.id}/resend", ADMIN_POST),
        ("admin.revoke_invitation", "POST", f"/admin/invitations/{revokable.id}/revoke", ADMIN_POST),
    ]
