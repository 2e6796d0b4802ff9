"""The figures features add to the insights page (search misses, resources, workshops, self-evaluation):
each against a count made directly in the database, who may see them, and the page's query count."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import func, select

from champions.extensions import db
from champions.practice.models import PracticeExample, practice_example_tag
from champions.resources.models import Resource, resource_tag
from champions.search.models import UnfoundSearch
from champions.selfeval.models import ContributorRating, EvaluationStandard
from champions.timeutil import utcnow
from champions.workshops import trace
from champions.workshops.models import Card, Item, Workshop
from champions.workshops.sections import STARTING
from tests import factories
from tests import factories_practice as practice
from tests import factories_questions as make
from tests import factories_resources as resources
from tests import factories_selfeval as selfeval
from tests import factories_workshops as workshops

NEW_FIGURES = ("search-misses", "practice", "workshops", "selfeval")


def rows(client, key: str, query: str = "") -> list[list[str]]:
    """A figure's CSV as rows (the header first)."""
    response = client.get(f"/insights/{key}.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def searched(text: str, month: date, searches: int, empty: int, opened: int = 0) -> None:
    db.session.add(UnfoundSearch(text=text, month=month, searches=searches, empty=empty, opened=opened,
                                 last_searched_at=utcnow()))


def test_search_misses_match_the_counts_by_month(client, login_as):
    this_month = date.today().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    searched("respite budget", this_month, 4, 4)
    searched("respite budget", last_month, 3, 1, opened=2)
    searched("pa holiday pay", this_month, 2, 0)           # found something, nobody opened it
    searched("direct payment", this_month, 9, 0, opened=5)  # found and opened: not a miss
    searched("carers act", this_month.replace(year=this_month.year - 3), 6, 6)  # long before the period
    db.session.commit()
    login_as("champion")
    table = rows(client, "search-misses")
    assert table[0] == ["Searched for", "Searches", "Found nothing", "Results opened"]
    expected = {}
    for text, searches, empty, opened in db.session.execute(
            select(UnfoundSearch.text, func.sum(UnfoundSearch.searches), func.sum(UnfoundSearch.empty),
                   func.sum(UnfoundSearch.opened))
            .where(UnfoundSearch.month >= date.today().replace(day=1) - timedelta(days=340))
            .group_by(UnfoundSearch.text)):
        if empty or not opened:
            expected[text] = [str(searches), str(empty), str(opened)]
    assert {r[0]: r[1:] for r in table[1:]} == expected == {"respite budget": ["7", "5", "2"],
                                                            "pa holiday pay": ["2", "0", "0"]}
    assert [r[0] for r in table[1:]] == ["respite budget", "pa holiday pay"]  # most searched first
    page = client.get("/insights/").get_data(as_text=True)
    assert "2 different searches found nothing or had no result opened." in page


def test_practice_examples_and_resources_by_standard_and_option_list_the_gaps(client, login_as):
    covered = practice.tag("standard", "Risk enablement")
    examples_only = practice.tag("standard", "Worker Autonomy")
    practice.tag("standard", "Transparency")
    option = practice.tag("option", "Option 2: directing the available support")
    resources.resource(tags=[covered, option])
    resources.resource(tags=[covered])
    resources.resource(status="draft", tags=[covered, option])     # a draft does not count
    resources.resource(status="archived", tags=[option])           # nor an archived one
    practice.example(tags=[covered, examples_only])
    practice.example(tags=[covered])
    practice.example(status="draft", tags=[option])
    db.session.commit()
    login_as("admin")
    table = rows(client, "practice")
    assert table[0] == ["Standard or option", "Practice examples and resources", "Published practice examples",
                        "Published resources", "Kind"]
    found = {r[0]: r[1:4] for r in table[1:]}
    in_library = dict(db.session.execute(
        select(resource_tag.c.tag_id, func.count()).join(Resource, Resource.id == resource_tag.c.resource_id)
        .where(Resource.status == "published").group_by(resource_tag.c.tag_id)).all())
    published = dict(db.session.execute(
        select(practice_example_tag.c.tag_id, func.count())
        .join(PracticeExample, PracticeExample.id == practice_example_tag.c.example_id)
        .where(PracticeExample.status == "published").group_by(practice_example_tag.c.tag_id)).all())
    for tag in (covered, examples_only, option):
        examples, library = published.get(tag.id, 0), in_library.get(tag.id, 0)
        assert found[tag.name] == [str(examples + library), str(examples), str(library)], tag.name
    assert found["Risk enablement"] == ["4", "2", "2"] and found["Transparency"] == ["0", "0", "0"]
    assert found["Option 2: directing the available support"] == ["1", "0", "1"]
    page = client.get("/insights/").get_data(as_text=True)
    assert "Standards with no published practice example: Transparency." in page
    assert "Standards with no published resource: Transparency, Worker Autonomy." in page
    assert "Standards with neither: Transparency." in page


def _workshop_chain():
    """A team exercise whose four challenges end four ways, through the managers' and senior exercises."""
    champion = factories.user("champion")
    team_ex = workshops.workshop("team", facilitator=champion, status="published", published_at=utcnow())
    solved = workshops.cluster(team_ex, "Paperwork")
    workshops.card(team_ex, "Too many forms", cluster_=solved)
    workshops.item(team_ex, "our_action", "Share one form template", cluster_=solved)
    passed = workshops.cluster(team_ex, "Budgets")
    workshops.card(team_ex, "Budgets take months", cluster_=passed)
    workshops.card(team_ex, "Nobody knows the rates", cluster_=passed)
    asked = workshops.item(team_ex, "managers_action", "Agree rates once a year", cluster_=passed)
    worry = workshops.cluster(team_ex, "Risk")
    workshops.card(team_ex, "Fear of blame", cluster_=worry)
    workshops.item(team_ex, "unresolved", "Who carries the risk", cluster_=worry)
    workshops.card(team_ex, "Not grouped yet")
    workshops.card(team_ex, "Flexible hours", side="advantage")  # an advantage is not a challenge
    managers = workshops.workshop("managers", facilitator=champion, status="published", published_at=utcnow())
    start = workshops.item(managers, STARTING, asked.text)
    start.origin_id = asked.id
    issue = workshops.item(managers, "senior_issue", "Set rates yearly")
    issue.answers_id = start.id
    senior = workshops.workshop("senior", facilitator=champion)  # not published yet: nobody heard back
    senior_start = workshops.item(senior, STARTING, issue.text, answer_kind="quick_win", answer="Rates in April")
    senior_start.origin_id = issue.id
    db.session.flush()
    return team_ex


def test_workshop_progress_matches_you_said_we_did(client, login_as):
    team_ex = _workshop_chain()
    older = workshops.workshop("team", held_on=date.today() - timedelta(days=800))  # before the period
    workshops.card(older, "An old worry")
    db.session.commit()
    champion = login_as("champion")
    table = {r[0]: int(r[1]) for r in rows(client, "workshops")[1:]}
    # The direct count: challenge cards of team exercises in the period, those whose cluster has a solution
    # other than "unresolved", and (from "You said, we did") those senior managers answered.
    in_period = (Card.side == "challenge", Workshop.kind == "team", Workshop.held_on >= date.today() - timedelta(days=400))
    named = db.session.scalar(select(func.count(Card.id)).join(Workshop, Workshop.id == Card.workshop_id).where(*in_period))
    acting = select(Item.cluster_id).where(Item.section.in_(("our_action", "managers_action", "action_now")))
    acted = db.session.scalar(select(func.count(Card.id)).join(Workshop, Workshop.id == Card.workshop_id)
                              .where(*in_period, Card.cluster_id.in_(acting)))
    traces = [t for _, ts in trace.you_said_we_did(db.session.get(Workshop, team_ex.id), champion) for t in ts]
    answered = sum(1 for t in traces if any(o.kind in ("Quick win", "Another action", "Authority action")
                                            for o in t.outcomes))
    assert len(traces) == named
    assert table == {"Challenges named": named, "Acted on": acted, "Answered by senior managers": answered,
                     "Heard back": 1} == {"Challenges named": 5, "Acted on": 3, "Answered by senior managers": 2,
                                          "Heard back": 1}
    page = client.get("/insights/").get_data(as_text=True)
    assert "3 of 5 challenges named were acted on; 1 heard back." in page


def test_workshop_progress_counts_heard_back_once_every_exercise_is_published(client, login_as):
    _workshop_chain()
    for senior in db.session.scalars(select(Workshop).filter_by(kind="senior")):
        senior.status, senior.published_at = "published", utcnow()
    db.session.commit()
    login_as("champion")
    table = {r[0]: int(r[1]) for r in rows(client, "workshops")[1:]}
    assert table["Heard back"] == 3  # the team solution and both budget cards; not the unresolved worry


def test_selfeval_progress_per_standard_matches_the_database(client, login_as):
    team = factories.team("East")
    risk, autonomy = selfeval.standard_tag(6, "Standard 6: Risk enablement"), selfeval.standard_tag(8, "Standard 8: Worker Autonomy")
    people = [factories.user("practitioner") for _ in range(3)]
    current = selfeval.evaluation(tags=[risk, autonomy], contributors=people, team=team)
    first, second = current.standards
    for person, value in zip(people, (4, 5, 4)):
        selfeval.rating(first, person, value)
    selfeval.rating(second, people[0], 3)
    selfeval.agree(first, 4)
    done = selfeval.evaluation(tags=[risk], status="published")
    selfeval.agree(done.standards[0], 5)
    db.session.commit()
    login_as("champion")
    table = {r[0]: r[1:] for r in rows(client, "selfeval")[1:]}
    direct = {}
    for tag in (risk, autonomy):
        standards = db.session.scalars(select(EvaluationStandard).filter_by(tag_id=tag.id)).all()
        ratings = db.session.scalar(select(func.count(ContributorRating.id))
                                    .where(ContributorRating.standard_id.in_([s.id for s in standards])))
        direct[f"{tag.name} (2024 edition)"] = [
            str(sum(1 for s in standards if s.agreed_rating)), str(len(standards)), str(ratings),
            str(sum(1 for s in standards if s.evaluation.status == "published"))]
    assert table == direct
    assert table["Standard 6: Risk enablement (2024 edition)"] == ["2", "2", "3", "1"]
    team_only = {r[0]: r[1:] for r in rows(client, "selfeval", f"?team={team.id}")[1:]}
    assert team_only["Standard 6: Risk enablement (2024 edition)"] == ["1", "1", "3", "0"]
    assert "2 of 3 standards being evaluated have an agreed rating." in client.get("/insights/").get_data(as_text=True)


def test_practitioners_and_partners_cannot_download_the_new_figures(client, login_as):
    for role in ("practitioner", "partner"):
        login_as(role)
        for key in NEW_FIGURES:
            assert client.get(f"/insights/{key}.csv").status_code == 403, (role, key)
    login_as("champion")
    page = client.get("/insights/").get_data(as_text=True)
    for key in NEW_FIGURES:
        assert f'id="{key}"' in page, key


def test_the_page_with_every_figure_costs_at_most_twenty_queries(client, login_as, count_queries):
    champion = factories.user("champion")
    for n in range(10):
        q = make.question(days_ago=n * 10, tags=[make.tag()])
        make.answer(q, author=champion)
    standard = practice.tag("standard", "Risk enablement")
    practice.example(tags=[standard])
    resources.resource(tags=[standard])
    searched("respite budget", date.today().replace(day=1), 3, 3)
    _workshop_chain()
    evaluation = selfeval.evaluation(tags=[standard])
    selfeval.rating(evaluation.standards[0], champion, 4)
    db.session.commit()
    login_as("champion")
    client.get("/insights/")
    with count_queries() as counter:
        response = client.get("/insights/")
    assert response.status_code == 200 and "Workshop progress" in response.get_data(as_text=True)
    assert counter.count <= 20, f"{counter.count} queries:\n" + "\n".join(" ".join(s.split())[:140] for s in counter.statements)
