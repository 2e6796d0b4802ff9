"""The partnership view, change over time (chart and table) and the CSV export."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from champions.extensions import db
from champions.timeutil import utcnow
from tests import factories
from tests import factories_practice as fp
from tests import factories_selfeval as fs


def test_the_partnership_view_shows_each_teams_agreed_rating_its_date_and_thin_evidence(client, login_as):
    login_as("champion")
    s3, s6 = fs.standard_tag(3, "Standard 3: Strengths"), fs.standard_tag(6, "Standard 6: Risk enablement")
    north, south = factories.team("North Team"), factories.team("South Team")
    fp.example(status="published", tags=[s3])
    old = fs.evaluation(tags=[s3], team=north, status="published", published_at=utcnow() - timedelta(days=200))
    fs.agree(old.standards[0], 2)
    new = fs.evaluation(tags=[s3, s6], team=north, status="published")
    fs.agree(new.standards[0], 4)
    fs.agree(new.standards[1], 5)
    fs.link(new.standards[0], "practice_example", 1)
    other = fs.evaluation(tags=[s6], team=south, status="published")
    fs.agree(other.standards[0], 1)
    fs.evaluation(tags=[s6], team=south)  # in progress: not in the view
    db.session.commit()
    page = client.get("/self-evaluation/partnership").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")
    north_row = next(r for r in rows if "North Team" in r)
    south_row = next(r for r in rows if "South Team" in r)
    assert "4 Good" in north_row and "5 Very good" in north_row and "2 Weak" not in north_row
    assert "Agreed " in north_row and north_row.count("Thin evidence") == 1  # Standard 6 has no Hub evidence
    assert "1 Unsatisfactory" in south_row and "Not evaluated" in south_row
    missing = page.split("no practice example in the library")[1]
    assert "Standard 6: Risk enablement" in missing and "Standard 3: Strengths" not in missing


def test_partners_and_practitioners_do_not_get_the_partnership_view_or_csv(client, login_as):
    for role in ("practitioner", "partner"):
        login_as(role)
        assert client.get("/self-evaluation/partnership").status_code == 403
        assert client.get("/self-evaluation/export.csv").status_code == 403


def test_change_over_time_is_a_chart_with_its_data_and_a_table(client, login_as):
    login_as("practitioner")
    s3 = fs.standard_tag(3, "Standard 3: Strengths")
    team = factories.team("North Team")
    first = fs.evaluation(tags=[s3], team=team, status="published", published_at=utcnow() - timedelta(days=180))
    fs.agree(first.standards[0], 3)
    second = fs.evaluation(tags=[s3], team=team, status="published", previous=first)
    fs.agree(second.standards[0], 5)
    db.session.commit()
    page = client.get(f"/self-evaluation/change?scope={first.scope_key}").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page and "<polyline" in page and "Agreed ratings by standard over time" in page
    assert "The chart&#39;s figures" in page or "The chart's figures" in page
    assert "Up 2 (3 to 5)" in page and "3 Adequate" in page and "5 Very good" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    assert client.get("/self-evaluation/change?scope=team:99999").status_code == 404


def test_the_csv_has_every_rating_evidence_link_and_action_as_the_database_has_them(client, login_as):
    champion = login_as("champion")
    cora = factories.user("practitioner", display_name="Cora Contributor")
    example = fp.example(title="=HYPERLINK bad title", status="published")
    hidden = fp.example(title="Someone's private draft", status="draft")
    evaluation = fs.evaluation(contributors=[cora], status="published")
    standard = evaluation.standards[0]
    fs.rating(standard, cora, 3, "Adequate here")
    fs.agree(standard, 4, "Agreed four", by=champion)
    fs.link(standard, "practice_example", example.id, by=cora)
    fs.link(standard, "practice_example", hidden.id, by=cora)
    fs.text(standard, "Case-file audit", by=cora)
    from champions.meetings.models import Action
    from champions.selfeval.models import ImprovementAction

    action = Action(what="Audit plans", owner_id=cora.id)
    db.session.add(ImprovementAction(standard=standard, action=action))
    db.session.commit()
    response = client.get("/self-evaluation/export.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    mine = [r for r in rows if r["Evaluation id"] == str(evaluation.id) and r["Standard"] == standard.name]
    assert [r["Record"] for r in mine] == ["rating", "agreed", "evidence", "evidence", "evidence", "action"]
    assert (mine[0]["Who"], mine[0]["Rating"], mine[0]["Rating word"]) == ("Cora Contributor", "3", "Adequate")
    assert (mine[1]["Rating"], mine[1]["Text"]) == ("4", "Agreed four")
    assert mine[2]["Linked title"] == "'=HYPERLINK bad title" and mine[2]["Link"] == f"/practice/{example.id}"
    assert mine[3]["Linked title"] == "(content you cannot see)" and "private draft" not in response.get_data(as_text=True)
    assert mine[4]["Text"] == "Case-file audit"
    assert (mine[5]["Text"], mine[5]["Who"], mine[5]["Action status"]) == ("Audit plans", "Cora Contributor", "open")
    assert len([r for r in rows if r["Evaluation id"] == str(evaluation.id)]) == 6  # the other standard has no records


def _published_team_evaluation(lead, cora, n: int) -> None:
    evaluation = fs.evaluation(lead, contributors=[cora], status="published", team=factories.team(f"Team {n}"))
    for standard in evaluation.standards:
        fs.rating(standard, cora, 3)
        fs.agree(standard, 4, by=lead)
        fs.text(standard, by=cora)


def test_the_csv_and_partnership_view_take_the_same_number_of_queries_for_more_evaluations(
        client, login_as, count_queries):
    lead = login_as("champion")
    cora = factories.user("practitioner")
    _published_team_evaluation(lead, cora, 1)
    db.session.commit()
    counts = []
    for n in (2, 3, 4):
        db.session.expire_all()
        with count_queries() as counter:
            csv_text = client.get("/self-evaluation/export.csv").get_data(as_text=True)
            page = client.get("/self-evaluation/partnership").get_data(as_text=True)
        counts.append(counter.count)
        assert csv_text.count("agreed") == 2 * (n - 1) and f"Team {n - 1}" in page
        _published_team_evaluation(lead, cora, n)
        db.session.commit()
    assert counts[0] == counts[1] == counts[2], counts
