"""Evidence: Hub content found by search and linked (only what the contributor may see), titles shown only to
readers who may see them, free text through the personal-data guard, taking evidence off."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.search import enqueue, jobs
from champions.selfeval.models import Evidence
from tests import factories
from tests import factories_meetings as fm
from tests import factories_practice as fp
from tests import factories_selfeval as fs


def _url(evaluation, what="evidence"):
    return f"/self-evaluation/{evaluation.id}/standards/{evaluation.standards[0].id}/{what}"


def test_a_contributor_finds_a_practice_example_by_search_and_links_it(client, login_as):
    cora = login_as("practitioner")
    example = fp.example(title="Brokerage in Perth helps with zqwibble budgets", status="published")
    evaluation = fs.evaluation(contributors=[cora])
    enqueue("practice_example", example.id)
    db.session.commit()
    jobs.process_pending()
    page = client.get(_url(evaluation) + "?q=zqwibble").get_data(as_text=True)
    assert "Practice example" in page and example.title in page and "Link as evidence" in page
    response = client.post(_url(evaluation, "evidence/link"), data={"kind": "practice_example", "object_id": example.id})
    assert response.status_code == 302
    linked = db.session.scalar(select(Evidence))
    assert (linked.kind, linked.object_id, linked.added_by_id) == ("practice_example", example.id, cora.id)
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert f'<a href="/practice/{example.id}">{example.title}</a>' in page and "Thin evidence" not in page.split("Standard")[2]


def test_evidence_that_links_something_the_contributor_cannot_see_is_refused(client, login_as):
    cora = login_as("practitioner")
    draft_meeting = fm.meeting(status="draft", title="Champions only draft")
    secret = fp.example(status="draft", title="Someone else's draft")
    evaluation = fs.evaluation(contributors=[cora])
    db.session.commit()
    for kind, object_id in (("meeting", draft_meeting.id), ("practice_example", secret.id), ("question", 99999),
                            ("nonsense", 1), ("practice_example", "abc")):
        response = client.post(_url(evaluation, "evidence/link"), data={"kind": kind, "object_id": object_id})
        assert response.status_code == 400, kind
        assert "You can only link Hub content you can see" in response.get_data(as_text=True)
    assert db.session.scalar(select(Evidence)) is None


def test_readers_see_a_linked_title_only_when_they_may_see_it(client, login_as):
    lead = factories.user("champion")
    team_only = fm.meeting(title="Champions-only meeting about waiting lists", visibility="champions")
    staff = fp.question(title="How do we record outcomes?", visibility="staff")
    evaluation = fs.evaluation(lead, status="published", visibility="partners")
    fs.link(evaluation.standards[0], "meeting", team_only.id, by=lead)
    fs.link(evaluation.standards[0], "question", staff.id, by=lead)
    db.session.commit()
    login_as("champion")
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert team_only.title in page and staff.title in page
    login_as("practitioner")
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert team_only.title not in page and staff.title in page and "1 more linked item you do not have access to" in page
    login_as("partner")
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert team_only.title not in page and staff.title not in page and "2 more linked items" in page
    page = client.get(f"/self-evaluation/{evaluation.id}/print").get_data(as_text=True)
    assert team_only.title not in page and staff.title not in page


def test_free_text_evidence_goes_through_the_personal_data_guard(client, login_as):
    cora = login_as("practitioner")
    evaluation = fs.evaluation(contributors=[cora])
    db.session.commit()
    words = "Feedback from J Bloggs, CHI 0101011237: she felt listened to."
    page = client.post(_url(evaluation, "evidence/text"), data={"text": words}).get_data(as_text=True)
    assert "CHI number" in page and "J Bloggs" in page and "I confirm this is not about an identifiable person" in page
    assert db.session.scalar(select(Evidence)) is None
    page = client.post(_url(evaluation, "evidence/text"), data={"text": ""}).get_data(as_text=True)
    assert "Describe the evidence" in page
    client.post(_url(evaluation, "evidence/text"), data={"text": "Audit of 20 case files: outcomes recorded in 15."})
    item = db.session.scalar(select(Evidence))
    assert item.kind == "text" and "outcomes recorded in 15" in item.text_html
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert "Audit of 20 case files" in page and "Thin evidence" in page  # free text alone is thin


def test_evidence_taken_off_is_kept_but_no_longer_shown(client, login_as):
    cora = login_as("practitioner")
    evaluation = fs.evaluation(contributors=[cora])
    item = fs.text(evaluation.standards[0], "Withdrawn words", by=cora)
    db.session.commit()
    assert client.post(f"/self-evaluation/{evaluation.id}/evidence/{item.id}/withdraw").status_code == 302
    db.session.refresh(item)
    assert item.withdrawn and db.session.get(Evidence, item.id) is not None
    assert "Withdrawn words" not in client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert client.post(f"/self-evaluation/{evaluation.id}/evidence/{item.id}/withdraw").status_code == 404


def test_actions_the_contributor_may_see_can_be_linked(client, login_as):
    cora = login_as("practitioner")
    meeting = fm.meeting(title="March meeting")
    action = fm.action(meeting, what="Ask finance about zqflorp audit returns")
    evaluation = fs.evaluation(contributors=[cora])
    db.session.commit()
    page = client.get(_url(evaluation) + "?q=zqflorp").get_data(as_text=True)
    assert "Action: Ask finance about zqflorp audit returns" in page
    client.post(_url(evaluation, "evidence/link"), data={"kind": "action", "object_id": action.id})
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert "Action: <a href=" in page and "Ask finance about zqflorp" in page


def test_workshop_items_a_contributor_may_read_can_be_linked_and_others_cannot(client, login_as):
    """A team's solution from a workshop is evidence: found by its words, linked, shown only to its readers."""
    from tests import factories_workshops as fw

    cora = login_as("practitioner")
    mine = fw.workshop(participants=[cora], title="North team exercise")
    theirs = fw.workshop(participants=[], title="South team exercise")
    item = fw.item(mine, "our_action", text="Weekly zqvoss drop-in for direct payment questions")
    fw.item(theirs, "our_action", text="Monthly zqvoss clinic nobody here may read")
    evaluation = fs.evaluation(contributors=[cora])
    db.session.commit()
    page = client.get(_url(evaluation) + "?q=zqvoss").get_data(as_text=True)
    assert "Workshop item: North team exercise: Our action: Weekly zqvoss drop-in" in page
    assert "Monthly zqvoss clinic" not in page
    client.post(_url(evaluation, "evidence/link"), data={"kind": "workshop_item", "object_id": item.id})
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert f'/workshops/{mine.id}#item-{item.id}' in page and "Weekly zqvoss drop-in" in page
    other = fw.item(theirs, "our_action", text="Another zqvoss idea")
    db.session.commit()
    refused = client.post(_url(evaluation, "evidence/link"), data={"kind": "workshop_item", "object_id": other.id})
    assert refused.status_code == 400 and "You can only link Hub content you can see" in refused.get_data(as_text=True)


def test_percent_and_underscore_in_the_search_are_words_not_wildcards(client, login_as):
    cora = login_as("practitioner")
    meeting = fm.meeting(title="March meeting")
    fm.action(meeting, what="Raise reviews to 100% by June")
    fm.action(meeting, what="Ask finance about audit returns")
    evaluation = fs.evaluation(contributors=[cora])
    db.session.commit()
    page = client.get(_url(evaluation) + "?q=100%25").get_data(as_text=True)
    assert "Action: Raise reviews to 100% by June" in page
    for wildcard in ("%25", "_"):
        page = client.get(_url(evaluation) + f"?q={wildcard}").get_data(as_text=True)
        assert "Ask finance about audit returns" not in page


def test_the_evaluation_page_loads_evidence_links_in_one_query_per_kind(client, login_as, count_queries):
    from tests import factories_questions as fq
    from tests import factories_workshops as fw

    lead = login_as("champion")
    secret = fp.example(title="A draft nobody else may read", status="draft")

    def evaluation_with(n):
        evaluation = fs.evaluation(lead=lead)
        for standard in evaluation.standards:
            for _ in range(n):
                fs.link(standard, "practice_example", fp.example(status="published").id, by=lead)
                fs.link(standard, "question", fq.question().id, by=lead)
                fs.link(standard, "meeting", fm.meeting().id, by=lead)
                fs.link(standard, "action", fm.action(fm.meeting()).id, by=lead)
                workshop = fw.workshop(status="published", visibility="staff")
                fs.link(standard, "workshop", workshop.id, by=lead)
                fs.link(standard, "workshop_item", fw.item(workshop, "our_action").id, by=lead)
        fs.link(evaluation.standards[0], "practice_example", secret.id, by=lead)
        return evaluation.id

    few, many = evaluation_with(1), evaluation_with(4)
    db.session.commit()
    counts = []
    for evaluation_id in (few, many, few):
        db.session.expire_all()
        with count_queries() as counter:
            page = client.get(f"/self-evaluation/{evaluation_id}").text
        counts.append(counter.count)
        assert secret.title not in page and "Ask finance for clearer guidance" in page
    assert counts[1] == counts[2], counts  # the first request warms what every page loads once
