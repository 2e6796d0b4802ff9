"""@mentions: found by name, linked to the profile, told only to people who may see the post, refused otherwise."""
from __future__ import annotations

from sqlalchemy import select

from champions import permissions
from champions.extensions import db
from champions.notifications.models import Notification
from champions.people import mentions
from tests import factories
from tests import factories_questions as fq

STAFF = permissions.AccessLabel("staff")


def _titles(person) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.user_id == person.id)))


def test_a_mention_is_found_by_the_longest_name_and_linked_to_the_profile(app):
    ailsa = factories.user("champion", display_name="Ailsa Grant")
    factories.user("practitioner", display_name="Ailsa")
    text = "Thanks @Ailsa Grant for this, and see grant@example.org and @Nobody Here."

    [found] = mentions.find(text)
    assert found.person == ailsa and found.written == "@Ailsa Grant"
    assert mentions.link(text).startswith(f"Thanks [@Ailsa Grant](/people/{ailsa.id}) for this")
    assert f'<a href="/people/{ailsa.id}" rel="nofollow noopener noreferrer">@Ailsa Grant</a>' in str(mentions.render(text))


def test_two_people_with_one_name_must_be_told_apart(app):
    north = factories.team("North Team", factories.organisation("Perth and Kinross Council"))
    one = factories.user("practitioner", display_name="Jamie Reid", team=north, organisation_=north.organisation)
    factories.user("practitioner", display_name="Jamie Reid")

    [problem] = mentions.problems("Ask @Jamie Reid about it", STAFF)
    assert problem.startswith("2 people are called Jamie Reid: write which one, for example @Jamie Reid (")
    assert mentions.problems("Ask @Jamie Reid (North Team) about it", STAFF) == []
    assert mentions.find("Ask @Jamie Reid (North Team) about it")[0].person == one


def test_mentioning_someone_outside_the_audience_is_refused_with_a_message_and_the_text_kept(client, login_as):
    partner = factories.user("partner", display_name="Pat Carers Centre")
    login_as("practitioner")
    body = "What do you think, @Pat Carers Centre?"
    page = client.post("/questions/new", data={"title": "Staff only: audit returns for direct payments",
                                               "body": body, "visibility": "staff"})
    assert page.status_code == 200
    assert "Pat Carers Centre cannot see this, so you cannot mention them here" in page.text
    assert body.replace("?", "") in page.text  # input kept
    assert _titles(partner) == []


def test_a_mention_tells_the_person_who_may_see_it_and_champions_hears_every_champion(client, login_as):
    colleague = factories.user("practitioner", display_name="Morag Bell")
    champions = [factories.user("champion"), factories.user("admin")]
    question = fq.question(title="Respite budgets")
    db.session.commit()
    login_as("practitioner", display_name="Iain Ross")
    client.post(f"/questions/{question.id}/answers",
                data={"body": "@Morag Bell did this last year. @champions can you confirm?"})

    assert _titles(colleague) == ["Iain Ross mentioned you in an answer: Respite budgets"]
    for champion in champions:
        assert "Iain Ross mentioned you in an answer: Respite budgets" in _titles(champion)
    page = client.get(f"/questions/{question.id}").text
    assert f'<a href="/people/{colleague.id}" rel="nofollow noopener noreferrer">@Morag Bell</a>' in page


def test_editing_tells_only_people_newly_mentioned(client, login_as):
    first = factories.user("practitioner", display_name="Morag Bell")
    second = factories.user("practitioner", display_name="Iain Ross")
    author = login_as("practitioner")
    client.post("/questions/new", data={"title": "Paying a neighbour as a PA", "body": "Hi @Morag Bell",
                                        "visibility": "staff"})
    question = db.session.scalar(select(fq.Question).where(fq.Question.author_id == author.id))
    client.post(f"/questions/{question.id}/edit", data={"title": question.title, "visibility": "staff",
                                                        "body": "Hi @Morag Bell and @Iain Ross"})
    assert len(_titles(first)) == 1 and len(_titles(second)) == 1


def test_people_who_may_not_see_the_post_are_never_told(app):
    partner = factories.user("partner", display_name="Pat Carers Centre")
    colleague = factories.user("practitioner", display_name="Morag Bell")
    assert mentions.mentioned("@Pat Carers Centre and @Morag Bell", STAFF) == [colleague]
    assert mentions.mentioned("@Pat Carers Centre", permissions.AccessLabel("partners")) == [partner]


def test_suggestions_offer_only_people_in_the_audience(client, login_as):
    partner = factories.user("partner", display_name="Morven Carers Centre")
    colleague = factories.user("practitioner", display_name="Morag Bell")
    champion = factories.user("champion", display_name="Morris Champion")
    staff_question = fq.question(title="Staff question", visibility="staff")
    shared_question = fq.question(title="Shared question", visibility="partners")
    secret = fq.question(title="Champions question", visibility="champions")
    db.session.commit()
    login_as("practitioner")

    def names(url):
        return [p["name"] for p in client.get(url).get_json()]

    assert names(f"/people/suggest?q=mor&question={staff_question.id}") == ["Morag Bell", "Morris Champion"]
    assert names(f"/people/suggest?q=mor&question={shared_question.id}") == [
        "Morag Bell", "Morris Champion", "Morven Carers Centre"]
    assert names("/people/suggest?q=mor&visibility=champions") == ["Morris Champion"]
    assert names("/people/suggest?q=bell") == ["Morag Bell"]  # any word of the name
    assert names("/people/suggest?q=cha") == ["Morris Champion", "champions"]
    assert names("/people/suggest?q=%25") == [] and names("/people/suggest?q=m_r") == []  # typed, not patterns
    assert client.get(f"/people/suggest?q=mor&question={secret.id}").status_code == 404
    assert partner.id and colleague.id and champion.id


def test_mentions_in_meeting_notes_are_told_when_the_notes_are_published(client, login_as):
    from tests import factories_meetings as fm

    colleague = factories.user("practitioner", display_name="Morag Bell")
    partner = factories.user("partner", display_name="Pat Carers Centre")
    meeting = fm.meeting(status="draft", visibility="staff", title="Champions meeting, June")
    item = fm.agenda_item(meeting, title="Finance update")
    db.session.commit()
    login_as("champion", display_name="Ailsa Grant")

    refused = client.post(f"/meetings/{meeting.id}/items/{item.id}", data={
        "title": "Finance update", "notes": "Ask @Pat Carers Centre", "decisions": ""})
    assert "Pat Carers Centre cannot see this, so you cannot mention them here" in refused.text
    client.post(f"/meetings/{meeting.id}/items/{item.id}", data={
        "title": "Finance update", "notes": "@Morag Bell will check the audit returns.", "decisions": ""})
    assert _titles(colleague) == []  # a draft: nobody but champions reads it yet
    client.post(f"/meetings/{meeting.id}/publish")
    assert "Ailsa Grant mentioned you in the notes of Champions meeting, June" in _titles(colleague)
    assert _titles(partner) == []


def test_a_held_post_tells_the_people_it_mentions_only_when_a_champion_releases_it(client, login_as):
    from champions.moderation.models import GuardOverride

    colleague = factories.user("practitioner", display_name="Morag Bell")
    question = fq.question(title="Respite budgets")
    db.session.commit()
    login_as("practitioner", display_name="Iain Ross")
    client.post(f"/questions/{question.id}/answers", data={
        "body": "@Morag Bell knows: his CHI is 0101011237", "confirm_no_personal_data": "y"})
    assert _titles(colleague) == []
    login_as("champion")
    client.post(f"/moderation/held/{db.session.scalar(select(GuardOverride.id))}/release")
    assert _titles(colleague) == ["Iain Ross mentioned you in an answer: Respite budgets"]


def test_meeting_notes_suggest_only_people_who_will_read_the_published_notes(client, login_as):
    from tests import factories_meetings as fm

    factories.user("partner", display_name="Morven Carers Centre")
    factories.user("practitioner", display_name="Morag Bell")
    factories.user("champion", display_name="Morris Champion")
    staff = fm.meeting(visibility="staff")
    champions_only = fm.meeting(visibility="champions")
    item = fm.agenda_item(staff)
    db.session.commit()
    login_as("champion")

    def names(url):
        return [p["name"] for p in client.get(url).get_json()]

    assert names(f"/people/suggest?q=mor&meeting={staff.id}") == ["Morag Bell", "Morris Champion"]
    assert names(f"/people/suggest?q=mor&meeting={champions_only.id}") == ["Morris Champion"]
    page = client.get(f"/meetings/{staff.id}/items/{item.id}").get_data(as_text=True)
    assert f'data-url="/people/suggest?meeting={staff.id}"' in page  # the notes and decisions offer names
    login_as("practitioner")  # reads the notes but does not write them
    assert client.get(f"/people/suggest?q=mor&meeting={staff.id}").status_code == 403
    assert client.get(f"/people/suggest?q=mor&meeting={champions_only.id}").status_code == 404


def test_one_check_marks_each_field_with_a_mention_the_audience_cannot_see(app):
    from wtforms import Form, TextAreaField

    class Notes(Form):
        notes = TextAreaField()
        decisions = TextAreaField()

    factories.user("partner", display_name="Pat Carers Centre")
    form = Notes(data={"notes": "Ask @Pat Carers Centre", "decisions": "Agreed."})
    form.validate()

    assert not mentions.check_fields(form, ["notes", "decisions"], STAFF)
    assert form.errors == {"notes": ["Pat Carers Centre cannot see this, so you cannot mention them here"]}
    assert form.notes.data == "Ask @Pat Carers Centre"  # what was typed is kept
    assert mentions.check_fields(Notes(data={"notes": "Ask @Pat Carers Centre"}), ["notes"],
                                 permissions.AccessLabel("partners"))
    assert mentions.check_fields(Notes(data={"notes": "Ask @Pat Carers Centre"}), ["notes"], None)
