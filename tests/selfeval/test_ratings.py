"""Ratings: each contributor's kept, the spread shown, the lead agrees with a reason, publishing, corrections."""
from __future__ import annotations

from sqlalchemy import select

from champions.extensions import db
from champions.notifications.models import Notification
from champions.revisions.models import Revision
from champions.selfeval.models import ContributorRating
from tests import factories
from tests import factories_selfeval as fs


def _url(evaluation, standard, what):
    return f"/self-evaluation/{evaluation.id}/standards/{standard.id}/{what}"


def test_contributors_rate_and_the_page_shows_each_rating_and_the_spread(client, login_as):
    cora = login_as("practitioner", display_name="Cora Contributor")
    dev = factories.user("practitioner", display_name="Dev Contributor")
    evaluation = fs.evaluation(contributors=[cora, dev])
    standard = evaluation.standards[0]
    fs.rating(standard, dev, 5, "Brokerage is easy to find.")
    db.session.commit()
    response = client.post(_url(evaluation, standard, "rate"), data={"rating": "3", "looks_like": "Waiting lists are long."})
    assert response.status_code == 302
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert "Cora Contributor" in page and "3 Adequate" in page and "Dev Contributor" in page and "5 Very good" in page
    assert "The ratings range from 3 to 5: contributors disagree." in page
    # Rating again changes the contributor's own rating; it never adds a second one.
    client.post(_url(evaluation, standard, "rate"), data={"rating": "4", "looks_like": "Better now."})
    mine = db.session.scalars(select(ContributorRating).where(ContributorRating.contributor_id == cora.id)).all()
    assert [r.rating for r in mine] == [4]


def test_a_rating_outside_one_to_six_is_refused_and_the_words_are_kept(client, login_as):
    cora = login_as("practitioner")
    evaluation = fs.evaluation(contributors=[cora])
    standard = evaluation.standards[0]
    db.session.commit()
    for bad in ("7", "0", "-1", "four", "", "²", "4" * 12):
        page = client.post(_url(evaluation, standard, "rate"), data={"rating": bad, "looks_like": "Kept words"}).get_data(as_text=True)
        assert "Choose a rating from 1 (unsatisfactory) to 6 (excellent)" in page and "Kept words" in page, bad
    assert db.session.scalar(select(ContributorRating)) is None


def test_personal_data_in_what_it_looks_like_is_caught(client, login_as):
    cora = login_as("practitioner")
    evaluation = fs.evaluation(contributors=[cora])
    standard = evaluation.standards[0]
    db.session.commit()
    page = client.post(_url(evaluation, standard, "rate"),
                       data={"rating": "4", "looks_like": "Call Mrs Smith on 07700 900123"}).get_data(as_text=True)
    assert "phone number" in page and "07700 900123" in page
    assert db.session.scalar(select(ContributorRating)) is None


def test_only_contributors_and_the_lead_rate_while_in_progress(client, login_as):
    evaluation = fs.evaluation(contributors=[factories.user("practitioner")])
    db.session.commit()
    url = _url(evaluation, evaluation.standards[0], "rate")
    login_as("practitioner")
    assert client.get(url).status_code == 404  # someone else's draft: they may not know it exists
    login_as("champion")
    assert client.get(url).status_code == 403  # champions read it, but rate only when asked to contribute
    login_as(evaluation.lead)
    assert client.get(url).status_code == 200


def test_the_lead_agrees_with_a_reason_and_only_the_lead(client, login_as):
    cora = factories.user("practitioner")
    evaluation = fs.evaluation(contributors=[cora])
    standard = evaluation.standards[0]
    fs.rating(standard, cora, 2)
    db.session.commit()
    url = _url(evaluation, standard, "agree")
    login_as(cora)
    assert client.post(url, data={"rating": "4", "reason": "x"}).status_code == 403
    login_as("champion")
    assert client.post(url, data={"rating": "4", "reason": "x"}).status_code == 403
    login_as(evaluation.lead)
    page = client.post(url, data={"rating": "4", "reason": ""}).get_data(as_text=True)
    assert "Give the reason for the agreed rating" in page
    page = client.post(url, data={"rating": "9", "reason": "Because"}).get_data(as_text=True)
    assert "Choose a rating from 1" in page
    client.post(url, data={"rating": "3", "reason": "Audit shows outcomes recorded in most files."})
    db.session.refresh(standard)
    assert standard.agreed_rating == 3 and standard.agreed_by_id == evaluation.lead_id
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert "Agreed rating: 3 Adequate" in page and "Audit shows outcomes recorded" in page
    assert "Everyone who rated gave 2 Weak." in page  # the contributor's own rating is kept


def test_publishing_waits_for_every_agreed_rating_then_tells_the_readers(client, login_as):
    reader = factories.user("practitioner")
    partner = factories.user("partner")
    evaluation = fs.evaluation(visibility="staff")
    fs.agree(evaluation.standards[0], 4)
    db.session.commit()
    login_as(evaluation.lead)
    page = client.post(f"/self-evaluation/{evaluation.id}/publish", follow_redirects=True).get_data(as_text=True)
    assert "Agree a rating for every standard before publishing" in page and not evaluation.is_published
    fs.agree(evaluation.standards[1], 5)
    db.session.commit()
    client.post(f"/self-evaluation/{evaluation.id}/publish")
    db.session.refresh(evaluation)
    assert evaluation.is_published and evaluation.published_at is not None
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "selfeval_published")))
    assert reader.id in told and partner.id not in told
    assert client.post(f"/self-evaluation/{evaluation.id}/publish").status_code == 403


def test_a_published_evaluation_is_corrected_only_with_a_visible_revision(client, login_as):
    evaluation = fs.evaluation(status="published")
    standard = evaluation.standards[0]
    fs.agree(standard, 3, "First view")
    fs.agree(evaluation.standards[1], 3)
    db.session.commit()
    login_as(evaluation.lead)
    url = _url(evaluation, standard, "agree")
    page = client.post(url, data={"rating": "4", "reason": "Second view"}).get_data(as_text=True)
    assert "Say what was corrected and why" in page
    db.session.refresh(standard)
    assert standard.agreed_rating == 3
    client.post(url, data={"rating": "4", "reason": "Second view", "correction": "We missed the audit results"})
    db.session.refresh(standard)
    assert standard.agreed_rating == 4 and standard.corrected_at is not None
    kept = db.session.scalar(select(Revision).where(Revision.content_type == "selfeval_standard"))
    assert kept.body == "First view" and kept.extra["rating"] == 3
    login_as("practitioner")
    page = client.get(f"/self-evaluation/{evaluation.id}").get_data(as_text=True)
    assert "Corrections since publishing" in page and "We missed the audit results" in page and "3 Adequate" in page
