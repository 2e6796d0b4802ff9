"""Administration: users, roles, deactivation, organisations and teams, invitations, the audit log."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from champions.audit import AuditEvent
from champions.auth import tokens
from champions.auth.models import Organisation, Team, User
from champions.auth.tokens import AccountToken
from champions.extensions import db
from champions.outbox.models import OutboxMessage
from tests import factories
from tests.factories_auth import invitation


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


@pytest.mark.parametrize("role", ["practitioner", "partner", "champion"])
def test_only_admins_get_in(client, login_as, role):
    login_as(role)
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/users").status_code == 403


def test_dashboard_counts(client, login_as):
    login_as("admin")
    factories.user(role="partner")
    factories.user(active=False)
    factories.user(email_confirmed_at=None)
    invitation()
    db.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert re.search(r"Partners</dt><dd class=\"summary-list__value\">1<", page)
    assert re.search(r"Deactivated</dt><dd class=\"summary-list__value\">1<", page)
    assert re.search(r"Pending invitations</dt><dd class=\"summary-list__value\">1<", page)


def test_user_search_and_filters(client, login_as):
    login_as("admin", display_name="Ada Admin")
    factories.user(display_name="Fiona Campbell", email="fiona@example.org")
    factories.user(role="partner", display_name="Fergus Partner", email="fergus@partner.example.net")
    factories.user(display_name="Old Colleague", email="old@example.org", active=False)
    db.session.commit()
    page = client.get("/admin/users?q=FIONA").get_data(as_text=True)
    assert "Fiona Campbell" in page and "Fergus" not in page
    assert "Fergus Partner" in client.get("/admin/users?q=partner.example").get_data(as_text=True)
    page = client.get("/admin/users?role=partner").get_data(as_text=True)
    assert "Fergus Partner" in page and "Fiona" not in page
    page = client.get("/admin/users?status=deactivated").get_data(as_text=True)
    assert "Old Colleague" in page and "Fiona" not in page and "Deactivated" in page
    assert "0 people found" in client.get("/admin/users?q=%25").get_data(as_text=True)


def test_user_list_is_paginated(client, login_as):
    login_as("admin")
    for n in range(30):
        factories.user(display_name=f"Person {n:02d}")
    db.session.commit()
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Page 1 of 2" in page and "Person 00" in page and "Person 29" not in page
    assert "Person 29" in client.get("/admin/users?page=2").get_data(as_text=True)


def test_change_role_is_audited(client, login_as):
    admin = login_as("admin")
    org = factories.organisation("Independent Support", kind="partner")
    person = factories.user(email="move@example.org")
    db.session.commit()
    response = client.post(f"/admin/users/{person.id}/role", data={"role": "partner", "organisation": str(org.id)})
    assert response.status_code == 302
    person = db.session.get(User, person.id)
    assert (person.role, person.organisation_id) == ("partner", org.id)
    [event] = events("user.role_change")
    assert event.actor_id == admin.id and event.target_id == person.id
    assert event.before["role"] == "practitioner" and event.after == {"role": "partner", "organisation_id": org.id,
                                                                       "active": True}
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "user.role_change" in page  # the user's history


def test_change_role_bad_input(client, login_as):
    login_as("admin")
    council = factories.organisation("Council", kind="council")
    person = factories.user()
    db.session.commit()
    response = client.post(f"/admin/users/{person.id}/role", data={"role": "partner", "organisation": str(council.id)})
    assert response.status_code == 400
    assert "Choose the partner organisation this person works for" in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{person.id}/role", data={"role": "emperor", "organisation": ""})
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.get(User, person.id).role == "practitioner" and events("user.role_change") == []


def test_admin_cannot_demote_or_deactivate_themselves(client, login_as):
    admin = login_as("admin")
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "You cannot change your own role" in page and "You cannot deactivate your own account" in page
    assert client.post(f"/admin/users/{admin.id}/role", data={"role": "practitioner"}).status_code == 403
    assert client.post(f"/admin/users/{admin.id}/deactivate").status_code == 403
    admin = db.session.get(User, admin.id)
    assert admin.role == "admin" and admin.active


def test_deactivation_signs_the_person_out_at_once(app, client, login_as):
    login_as("admin")
    person = factories.user(display_name="Leaving Person")
    db.session.commit()
    theirs = app.test_client()
    with theirs.session_transaction() as session:
        session["_user_id"] = person.get_id()
    assert theirs.get("/auth/profile").status_code == 200
    assert client.post(f"/admin/users/{person.id}/deactivate").status_code == 302
    response = theirs.get("/auth/profile")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]
    [event] = events("user.deactivate")
    assert event.before["active"] is True and event.after["active"] is False
    assert "Reactivate account" in client.get(f"/admin/users/{person.id}").get_data(as_text=True)

    assert client.post(f"/admin/users/{person.id}/reactivate").status_code == 302
    assert db.session.get(User, person.id).active
    assert events("user.reactivate")[0].after["active"] is True
    # Reactivating an active account is refused.
    assert client.post(f"/admin/users/{person.id}/reactivate").status_code == 403


def test_unknown_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/users/4242").status_code == 404
    assert client.post("/admin/users/4242/deactivate").status_code == 404


def test_create_and_edit_organisation(client, login_as):
    login_as("admin")
    response = client.post("/admin/organisations/new", data={
        "name": "Perth Carers Centre", "kind": "partner", "description": "Support for carers",
        "contact_email": "info@carers.example.net", "contact_phone": "01632 960000",
        "website": "https://carers.example.net", "active": "y"})
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Perth Carers Centre"))
    assert response.headers["Location"] == f"/admin/organisations/{org.id}"
    assert (org.kind, org.contact_phone, org.active) == ("partner", "01632 960000", True)
    assert events("organisation.create")[0].after["name"] == "Perth Carers Centre"

    response = client.post(f"/admin/organisations/{org.id}/edit", data={
        "name": "Perth and Kinross Carers Centre", "kind": "partner", "description": "", "contact_email": "",
        "contact_phone": "", "website": ""})
    assert response.status_code == 302
    org = db.session.get(Organisation, org.id)
    assert org.name == "Perth and Kinross Carers Centre" and org.active is False
    [event] = events("organisation.edit")
    assert event.before["name"] == "Perth Carers Centre" and event.after["active"] is False
    assert "Perth and Kinross Carers Centre" in client.get("/admin/organisations").get_data(as_text=True)
    assert "Inactive" in client.get("/admin/organisations").get_data(as_text=True)


@pytest.mark.parametrize("data,message", [
    ({"name": "", "kind": "council"}, "Enter the organisation&#39;s name"),
    ({"name": "Taken", "kind": "council"}, "There is already an organisation with this name"),
    ({"name": "TAKEN", "kind": "council"}, "There is already an organisation with this name"),
    ({"name": "New", "kind": "club"}, "Not a valid choice"),
    ({"name": "New", "kind": "council", "website": "javascript:alert(1)"}, "Enter a full web address"),
    ({"name": "New", "kind": "council", "contact_email": "nope"}, "Enter an email address in the correct format"),
    ({"name": "x" * 101, "kind": "council"}, "Name must be 100 characters or fewer"),
])
def test_organisation_bad_input(client, login_as, data, message):
    login_as("admin")
    factories.organisation("Taken")
    db.session.commit()
    response = client.post("/admin/organisations/new", data={"description": "Kept text", **data})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "Kept text" in page
    assert events("organisation.create") == []


def test_teams_add_and_rename(client, login_as):
    login_as("admin")
    org = factories.organisation("Tayside HSCP")
    db.session.commit()
    assert client.post(f"/admin/organisations/{org.id}/teams", data={"name": "North Team"}).status_code == 302
    team = db.session.scalar(select(Team).where(Team.name == "North Team"))
    assert team.organisation_id == org.id and events("team.create")[0].after["name"] == "North Team"
    response = client.post(f"/admin/organisations/{org.id}/teams", data={"name": "north team"})
    assert response.status_code == 400 and "already has a team with this name" in response.get_data(as_text=True)
    response = client.post(f"/admin/organisations/{org.id}/teams", data={"name": ""})
    assert response.status_code == 400 and "Enter the team&#39;s name" in response.get_data(as_text=True)
    response = client.post(f"/admin/organisations/{org.id}/teams", data={"name": "t" * 101})
    assert response.status_code == 400 and "Team name must be 100 characters or fewer" in response.get_data(as_text=True)

    assert client.post(f"/admin/teams/{team.id}/edit", data={"name": "North Locality Team"}).status_code == 302
    assert db.session.get(Team, team.id).name == "North Locality Team"
    [event] = events("team.rename")
    assert event.before == {"name": "North Team"} and event.after == {"name": "North Locality Team"}
    assert "North Locality Team" in client.get(f"/admin/organisations/{org.id}").get_data(as_text=True)


def test_invite_a_partner(client, login_as):
    admin = login_as("admin", display_name="Ada Admin")
    org = factories.organisation("Independent Support", kind="partner")
    db.session.commit()
    response = client.post("/admin/invitations", data={
        "email": "New.Partner@Support.example.net", "role": "partner", "organisation": str(org.id)})
    assert response.status_code == 302
    item = db.session.scalar(select(AccountToken).where(AccountToken.purpose == tokens.INVITATION))
    assert (item.email, item.role, item.organisation_id, item.created_by_id) == (
        "new.partner@support.example.net", "partner", org.id, admin.id)
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == "new.partner@support.example.net"
    assert "Ada Admin has invited you to join SDS Champions Hub as a partner for Independent Support" in message.body
    path = re.search(r"http://localhost(/auth/accept/\S+)", message.body).group(1)
    assert events("invitation.create")[0].after["email"] == "new.partner@support.example.net"
    page = client.get("/admin/invitations").get_data(as_text=True)
    assert "new.partner@support.example.net" in page and "Pending" in page
    client.post("/auth/sign-out")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("data,message", [
    ({"email": "exists@example.org", "role": "practitioner"}, "There is already an account with this email address"),
    ({"email": "pending@example.net", "role": "champion"}, "already has a pending invitation"),
    ({"email": "nope", "role": "champion"}, "Enter an email address in the correct format"),
    ({"email": "p@example.net", "role": "partner"}, "Choose the partner organisation this person works for"),
])
def test_invite_bad_input(client, login_as, data, message):
    login_as("admin")
    factories.user(email="exists@example.org")
    invitation(email="pending@example.net")
    db.session.commit()
    response = client.post("/admin/invitations", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and data["email"] in page
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_resend_gives_a_new_link_and_revoke_stops_it(client, login_as):
    login_as("admin")
    item, first = invitation(email="slow@example.net", expired=True)
    db.session.commit()
    assert "slow@example.net" in client.get("/admin/invitations?status=expired").get_data(as_text=True)
    assert client.post(f"/admin/invitations/{item.id}/resend").status_code == 302
    second = re.search(r"/auth/accept/(\S+)", db.session.scalars(select(OutboxMessage)).one().body).group(1)
    assert db.session.get(AccountToken, item.id).status == "pending"
    assert client.get(f"/auth/accept/{first}").status_code == 404  # the old link is gone
    assert events("invitation.resend")[0].before["status"] == "expired"

    assert client.post(f"/admin/invitations/{item.id}/revoke").status_code == 302
    assert db.session.get(AccountToken, item.id).status == "revoked"
    assert client.get(f"/auth/accept/{second}").status_code == 410
    assert events("invitation.revoke")[0].after["status"] == "revoked"
    assert "slow@example.net" in client.get("/admin/invitations?status=revoked").get_data(as_text=True)
    # A revoked invitation can be sent again; an accepted one cannot.
    item.used_at = item.sent_at
    db.session.commit()
    client.post(f"/admin/invitations/{item.id}/resend")
    assert db.session.get(AccountToken, item.id).status == "accepted"
    assert client.post(f"/admin/invitations/{item.id}/revoke").status_code == 302
    assert db.session.get(AccountToken, item.id).status == "accepted"


def test_other_tokens_are_not_invitations(client, login_as):
    login_as("admin")
    reset, _ = tokens.issue(tokens.PASSWORD_RESET, user=factories.user())
    db.session.commit()
    assert client.post(f"/admin/invitations/{reset.id}/revoke").status_code == 404
    assert db.session.scalar(select(AccountToken.revoked_at).where(AccountToken.id == reset.id)) is None


def test_audit_log_filters_by_action(client, login_as):
    admin = login_as("admin", display_name="Ada Admin")
    one, two = factories.user(email="one@example.org"), factories.user(email="two@example.org")
    db.session.commit()
    client.post(f"/admin/users/{one.id}/deactivate")
    client.post(f"/admin/users/{two.id}/role", data={"role": "champion", "organisation": ""})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Deactivated one@example.org" in page and "Changed two@example.org to SDS Champion" in page
    assert "Ada Admin" in page and admin.email in page
    page = client.get("/admin/audit?action=user.deactivate").get_data(as_text=True)
    assert "Deactivated one@example.org" in page and "two@example.org" not in page
    assert client.get("/admin/audit?action=nonsense").status_code == 200


def test_audit_log_reads_as_plain_english(client, login_as):
    login_as("admin")
    org = factories.organisation("Independent Support Tayside", kind="partner")
    person = factories.user(email="moved@example.org")
    db.session.commit()
    client.post(f"/admin/users/{person.id}/role", data={"role": "partner", "organisation": str(org.id)})
    client.post(f"/admin/users/{person.id}/deactivate")
    page = client.get("/admin/audit").text
    assert "Role or organisation changed" in page and "User deactivated" in page
    assert "<dt>Organisation</dt><dd>Independent Support Tayside</dd>" in page  # a name, not organisation_id 1
    assert "<dt>Active</dt><dd>Yes</dd>" in page and ">True<" not in page and ">None<" not in page
    assert '<option value="user.deactivate">User deactivated</option>' in page


def test_audit_log_names_people_roles_and_statuses(client, login_as):
    from champions import audit

    admin = login_as("admin")
    champion = factories.user("champion", display_name="Chris Campbell")
    audit.record(admin, "answer.endorsement_withdrawn", None, summary="Withdrawn",
                 before={"endorsed_by_id": champion.id, "role": "champion", "status": "submitted"},
                 after={"status": "returned", "tag_ids": [1, 2], "owner_id": champion.id})
    db.session.commit()
    page = client.get("/admin/audit").text
    assert "<dt>Endorsed by</dt><dd>Chris Campbell</dd>" in page
    assert "<dd>SDS Champion</dd>" in page and "<dd>Awaiting review</dd>" in page
    assert "<dd>Returned to author</dd>" in page
    assert "<dt>Tag ids</dt><dd>1, 2</dd>" in page and "<dt>Owner</dt><dd>Chris Campbell</dd>" in page


def test_users_without_an_organisation_or_team_say_so(client, login_as):
    login_as("admin")
    person = factories.user(email="eve@example.org", organisation_=None)
    person.organisation, person.team = None, None
    db.session.commit()
    assert "No organisation" in client.get("/admin/users").text
    page = client.get(f"/admin/users/{person.id}").text
    assert "No organisation" in page and "No team" in page and ">None<" not in page


def test_admin_post_without_csrf_token_is_refused(client, login_as, csrf_enabled):
    login_as("admin")
    person = factories.user()
    db.session.commit()
    assert client.post(f"/admin/users/{person.id}/deactivate").status_code == 400
    assert db.session.get(User, person.id).active


def test_user_search_bad_input_shows_error_summary(client, login_as):
    login_as("admin")
    page = client.get("/admin/users?q=" + "x" * 201 + "&role=nonsense").get_data(as_text=True)
    assert 'class="error-summary"' in page and 'href="#q"' in page and 'href="#role"' in page
