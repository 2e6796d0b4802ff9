"""Starting an evaluation: what it covers, who contributes, who reads it; bad input; the next snapshot."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.selfeval.models import SelfEvaluation
from tests import factories
from tests import factories_selfeval as fs


def _form(team, tags, people, **extra):
    return {"scope": "team", "teams": [team.id], "standards": [t.id for t in tags],
            "contributors": [p.id for p in people], "visibility": "staff", **extra}


def test_a_champion_starts_an_evaluation_and_the_contributors_are_told(client, login_as):
    lead = login_as("champion", display_name="Lena Lead")
    team = factories.team("North Team")
    tags = [fs.standard_tag(3, "Standard 3: Strengths-based assessment"), fs.standard_tag(6, "Standard 6: Risk enablement")]
    cora = factories.user("practitioner", display_name="Cora Contributor")
    db.session.commit()
    response = client.post("/self-evaluation/new", data=_form(team, tags, [cora]), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "North Team" in page and "Standard 3: Strengths-based assessment" in page and "Cora Contributor" in page
    assert "Its contributors and the SDS Champions" in page
    evaluation = db.session.scalar(select(SelfEvaluation))
    assert evaluation.lead_id == lead.id and evaluation.scope_key == f"team:{team.id}"
    assert [s.tag_id for s in evaluation.standards] == [tags[0].id, tags[1].id]
    told = db.session.scalar(select(Notification).where(Notification.user_id == cora.id))
    assert told is not None and told.url == f"/self-evaluation/{evaluation.id}"


def test_bad_input_is_explained_and_kept(client, login_as):
    login_as("champion")
    team, other = factories.team("North Team"), factories.team("South Team")
    tag = fs.standard_tag(4)
    cora = factories.user("practitioner")
    db.session.commit()
    page = client.post("/self-evaluation/new", data=_form(team, [tag, tag], [cora], title="Spring look")).get_data(as_text=True)
    assert "You chose a standard twice" in page and 'value="Spring look"' in page
    page = client.post("/self-evaluation/new", data=_form(team, [], [cora])).get_data(as_text=True)
    assert "Choose at least one standard" in page
    page = client.post("/self-evaluation/new", data={**_form(team, [tag], [cora]), "teams": [team.id, other.id]}).get_data(as_text=True)
    assert "Choose the one team being evaluated" in page
    page = client.post("/self-evaluation/new", data={**_form(team, [tag], [cora]), "scope": "teams"}).get_data(as_text=True)
    assert "Choose at least two teams" in page
    page = client.post("/self-evaluation/new", data={**_form(team, [tag], []), "standards": ["99999"]}).get_data(as_text=True)
    assert "Choose at least one contributor" in page and "error-summary" in page
    assert db.session.scalar(select(SelfEvaluation)) is None


def test_starting_needs_a_csrf_token(client, login_as, csrf_enabled):
    login_as("champion")
    team, tag, cora = factories.team(), fs.standard_tag(), factories.user("practitioner")
    db.session.commit()
    page = client.post("/self-evaluation/new", data=_form(team, [tag], [cora])).get_data(as_text=True)
    assert "The form had expired" in page
    assert db.session.scalar(select(SelfEvaluation)) is None


def test_only_champions_and_admins_start_evaluations(client, login_as):
    login_as("practitioner")
    assert client.get("/self-evaluation/new").status_code == 403
    assert client.post("/self-evaluation/new", data={}).status_code == 403


def test_the_next_evaluation_of_a_team_starts_from_the_last_and_shows_the_change(client, login_as):
    lead = login_as("champion")
    team = factories.team("North Team")
    tag = fs.standard_tag(3)
    cora = factories.user("practitioner")
    first = fs.evaluation(lead, tags=[tag], team=team, contributors=[cora], status="published")
    first.standards[0].strengths = "Good conversations"
    fs.agree(first.standards[0], 3)
    db.session.commit()
    form = client.get(f"/self-evaluation/new?from={first.id}").get_data(as_text=True)
    assert "next snapshot" in form
    assert f'<input checked class="checkbox__input" id="standards-0" name="standards" type="checkbox" value="{tag.id}">' in form
    response = client.post("/self-evaluation/new", data=_form(team, [tag], [cora]))
    second = db.session.scalars(select(SelfEvaluation).order_by(SelfEvaluation.id.desc())).first()
    assert response.status_code == 302 and second.previous_id == first.id
    assert second.standards[0].strengths == "Good conversations"  # the starting point, to revise
    fs.agree(second.standards[0], 4)
    db.session.commit()
    page = client.get(f"/self-evaluation/{second.id}").get_data(as_text=True)
    assert "Up 1 (3 to 4)" in page and first.title in page


def test_partners_may_be_asked_to_contribute(client, login_as):
    login_as("champion")
    factories.user("partner", display_name="Pat Partner")
    factories.user("practitioner", display_name="Unconfirmed Person", email_confirmed_at=None)
    db.session.commit()
    page = client.get("/self-evaluation/new").get_data(as_text=True)
    assert "Pat Partner (Partner)" in page and "Unconfirmed Person" not in page
