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
