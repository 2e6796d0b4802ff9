"""Who reads an evaluation: in progress its contributors, its lead and the champions; published, its audience too."""
from __future__ import annotations

import pytest

from champions.extensions import db
from tests import factories
from tests import factories_selfeval as fs


@pytest.mark.parametrize("status, visibility, readers", [
    ("in_progress", "partners", {"contributor", "lead", "champion", "admin"}),
    ("published", "champions", {"contributor", "lead", "champion", "admin"}),
    ("published", "staff", {"contributor", "lead", "champion", "admin", "practitioner"}),
    ("published", "partners", {"contributor", "lead", "champion", "admin", "practitioner", "partner"}),
])
def test_each_role_reads_what_the_audience_allows_in_the_list_and_on_the_page(client, login_as, status, visibility,
                                                                              readers):
    people = {"contributor": factories.user("practitioner"), "lead": factories.user("champion"),
              "champion": factories.user("champion"), "admin": factories.user("admin"),
              "practitioner": factories.user("practitioner"), "partner": factories.user("partner")}
    evaluation = fs.evaluation(people["lead"], contributors=[people["contributor"]], status=status,
                               visibility=visibility, title="Evaluation of North Team zq")
    db.session.commit()
    for name, person in people.items():
        login_as(person)
        reads = name in readers
        assert client.get(f"/self-evaluation/{evaluation.id}").status_code == (200 if reads else 404), name
        assert ("Evaluation of North Team zq" in client.get("/self-evaluation/").get_data(as_text=True)) == reads, name


def test_a_contributor_who_is_a_partner_reads_the_evaluation_they_were_asked_into(client, login_as):
    partner = factories.user("partner")
    evaluation = fs.evaluation(contributors=[partner], visibility="staff", status="published",
                               title="Evaluation of South Team zq")
    db.session.commit()
    login_as(partner)
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert "Evaluation of South Team zq" in page and evaluation.standards[0].name in page
    assert "Evaluation of South Team zq" in client.get("/self-evaluation/").get_data(as_text=True)
