"""Review fixes for accounts, administration and security: odd input and permission edges."""
from __future__ import annotations

from champions.auth.models import Organisation, User
from champions.extensions import db
from tests import factories


def test_nul_characters_in_a_form_are_dropped_not_a_500(client, login_as):
    """PostgreSQL cannot store NUL: the Hub drops it from what was sent instead of failing."""
    user = login_as("practitioner")
    response = client.post("/auth/profile/edit", data={"display_name": "Anna\x00 Smith", "job_title": "", "team": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Anna Smith"


def test_nul_characters_in_a_query_string_are_dropped(client, login_as):
    login_as("admin")
    factories.user(display_name="Anna Smith")
    db.session.commit()
    response = client.get("/admin/users?q=An%00na")
    assert response.status_code == 200
    assert "Anna Smith" in response.get_data(as_text=True)


def test_organisation_with_partners_cannot_become_a_council(client, login_as):
    login_as("admin")
    partner = factories.user(role="partner")
    org = partner.organisation
    db.session.commit()
    response = client.post(f"/admin/organisations/{org.id}/edit", data={
        "name": org.name, "kind": "council", "description": "Kept text", "active": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This organisation has 1 partner (members or pending invitations)" in page and "Kept text" in page
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).kind == "partner"


def test_council_with_staff_cannot_become_a_partner_organisation(client, login_as):
    login_as("admin")
    council = factories.organisation("Council A")
    factories.user(role="practitioner", organisation_=council)
    db.session.commit()
    response = client.post(f"/admin/organisations/{council.id}/edit", data={"name": council.name, "kind": "partner"})
    assert response.status_code == 200
    assert "This organisation has 1 practitioner or champion" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organisation, council.id).kind == "council"


def test_empty_organisation_can_change_kind(client, login_as):
    login_as("admin")
    org = factories.organisation("Nobody here yet")
    db.session.commit()
    response = client.post(f"/admin/organisations/{org.id}/edit", data={"name": org.name, "kind": "partner"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).kind == "partner"


def test_pending_partner_invitation_also_keeps_the_kind(client, login_as):
    login_as("admin")
    org = factories.organisation("Carers' Centre", kind="partner")
    db.session.commit()
    client.post("/admin/invitations", data={"email": "new@carers.example.net", "role": "partner",
                                            "organisation": str(org.id)})
    response = client.post(f"/admin/organisations/{org.id}/edit", data={"name": org.name, "kind": "council"})
    assert "who cannot belong to a council or HSCP" in response.get_data(as_text=True)


def test_partner_without_an_organisation_cannot_join_a_council_team(client, login_as):
    council_team = factories.team("North Locality Team", factories.organisation("Council B"))
    partner = factories.user(role="partner")
    partner.organisation = None
    db.session.commit()
    login_as(partner)
    assert "North Locality Team" not in client.get("/auth/profile/edit").get_data(as_text=True)
    response = client.post("/auth/profile/edit", data={"display_name": "Pat", "team": str(council_team.id)})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, partner.id).organisation_id is None


def test_huge_numbers_in_addresses_are_not_found(client, login_as):
    login_as("admin")
    for url in ("/admin/users/99999999999999999999", "/admin/organisations/99999999999999999999",
                "/meetings/99999999999999999999", "/meetings/99999999999999999999.ics",
                "/admin/users/2147483648"):
        assert client.get(url).status_code == 404, url
    assert client.get("/admin/users/2147483647").status_code == 404


def _admin_rows(n: int, start: int) -> None:
    """n partners, each in their own organisation with a team, an invitation and an audit entry."""
    from champions import audit
    from champions.auth import tokens

    actor = factories.user(role="admin")
    for i in range(start, start + n):
        org = factories.organisation(f"Partner organisation {i}", kind="partner")
        factories.team(f"Team {i}", org)
        person = factories.user(role="partner", organisation_=org)
        tokens.issue(tokens.INVITATION, email=f"invited{i}@example.net", role="partner", organisation=org,
                     created_by=actor)
        audit.record(actor, "user.role_change", person, summary="Changed", before={"role": "a"}, after={"role": "b"})
    db.session.commit()


def test_admin_lists_take_the_same_number_of_queries_for_more_rows(client, login_as, count_queries):
    login_as("admin")
    urls = ["/admin/", "/admin/users", "/admin/organisations", "/admin/invitations", "/admin/audit"]

    def counts():
        result = {}
        for url in urls:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            result[url] = counter.count
        return result

    _admin_rows(2, 0)
    few = counts()
    _admin_rows(10, 100)
    assert counts() == few


def _used_by_another_request_meanwhile(monkeypatch):
    """Make tokens.find return the link as it was, while another request uses it before this one saves."""
    from sqlalchemy import update

    from champions.auth import tokens
    from champions.timeutil import utcnow

    original = tokens.find

    def find(purpose, raw):
        token = original(purpose, raw)
        if token is not None:
            with db.engine.begin() as connection:
                connection.execute(update(tokens.AccountToken).where(tokens.AccountToken.id == token.id)
                                   .values(used_at=utcnow()))
        return token

    monkeypatch.setattr(tokens, "find", find)


def test_reset_link_used_twice_at_the_same_moment_changes_the_password_once(client, monkeypatch):
    from champions.auth import tokens
    from tests import factories_auth

    person = factories.user(role="practitioner")
    _, raw = factories_auth.token(tokens.PASSWORD_RESET, user=person)
    db.session.commit()
    old_hash = person.password_hash
    _used_by_another_request_meanwhile(monkeypatch)
    response = client.post(f"/auth/reset/{raw}", data={"password": "lantern orchard quietly 47",
                                                       "confirm": "lantern orchard quietly 47"})
    assert response.status_code == 410
    db.session.expire_all()
    assert db.session.get(User, person.id).password_hash == old_hash


def test_invitation_used_twice_at_the_same_moment_makes_no_second_account(client, monkeypatch):
    from tests import factories_auth

    org = factories.organisation("Carers' Centre C", kind="partner")
    _, raw = factories_auth.invitation(email="race@carers.example.net", organisation=org)
    db.session.commit()
    _used_by_another_request_meanwhile(monkeypatch)
    response = client.post(f"/auth/accept/{raw}", data={"display_name": "Ray", "team": "",
                                                        "password": "lantern orchard quietly 47",
                                                        "confirm": "lantern orchard quietly 47"})
    assert response.status_code == 410
    assert User.by_email("race@carers.example.net") is None


def test_confirmation_link_used_twice_at_the_same_moment_is_refused(client, monkeypatch):
    from champions.auth import tokens
    from tests import factories_auth

    person = factories.user(role="practitioner", email_confirmed_at=None)
    _, raw = factories_auth.token(tokens.CONFIRM_EMAIL, user=person)
    db.session.commit()
    _used_by_another_request_meanwhile(monkeypatch)
    response = client.post(f"/auth/confirm/{raw}")
    assert response.status_code == 410
