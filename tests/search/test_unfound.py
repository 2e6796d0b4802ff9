"""What colleagues searched for and did not find: counted by words only, shown to champions, kept a year."""
from __future__ import annotations

from datetime import date, timedelta

from champions.extensions import db
from champions.search import unfound
from champions.search.models import UnfoundSearch
from champions.timeutil import utcnow
from tests import factories_questions as fq


def test_searches_that_find_nothing_are_counted_without_who_and_shown_to_champions(client, login_as):
    practitioner = login_as("practitioner")
    client.get("/search/?q=Hospital+discharge+zzqx")
    client.get("/search/?q=hospital   DISCHARGE zzqx")
    client.get("/search/?q=hospital+discharge+zzqx&page=2")  # a later page is not another search
    row = db.session.query(UnfoundSearch).one()
    assert (row.text, row.searches, row.empty, row.opened) == ("hospital discharge zzqx", 2, 2, 0)
    assert not any(str(value) in (practitioner.email, str(practitioner.id)) for value in
                   (row.text, row.month, row.last_searched_at))
    assert client.get("/search/not-found").status_code == 403
    login_as("champion")
    page = client.get("/search/not-found").get_data(as_text=True)
    assert "hospital discharge zzqx" in page and "Found nothing" in page and practitioner.display_name not in page
    assert "/questions/new?title=hospital+discharge+zzqx" in page and "/practice/new?title=hospital+discharge+zzqx" in page


def test_a_search_whose_result_is_opened_leaves_the_list(client, login_as):
    question = fq.question(title="Respite for carers", body="Short breaks.")
    db.session.commit()
    from champions.search import enqueue

    enqueue("question", question.id)
    db.session.commit()
    login_as("practitioner")
    page = client.get("/search/?q=respite").get_data(as_text=True)
    assert "/search/open?q=respite&amp;to=" in page
    assert [s.text for s in unfound.unfound()] == ["respite"]  # found, but nothing opened yet
    response = client.get(f"/search/open?q=respite&to=/questions/{question.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/questions/{question.id}")
    assert unfound.unfound() == []
    assert client.get("/search/open?q=respite&to=//evil.example/").status_code == 404
    assert client.get("/search/open?q=respite&to=/%0D%0ALocation:%20//evil.example/").status_code == 404


def test_searches_that_look_like_personal_data_are_never_kept(client, login_as):
    login_as("practitioner")
    client.get("/search/?q=07700+900123")
    client.get("/search/?q=someone@gmail.com")
    assert db.session.query(UnfoundSearch).count() == 0


def test_counts_older_than_twelve_months_are_deleted(app):
    db.session.add_all([UnfoundSearch(text="old", month=date(2025, 1, 1), searches=1, empty=1, opened=0),
                        UnfoundSearch(text="recent", month=date(2026, 6, 1), searches=1, empty=1, opened=0)])
    db.session.commit()
    assert unfound.forget_old(today=date(2026, 12, 1)) == 1
    assert [r.text for r in db.session.query(UnfoundSearch)] == ["recent"]


def test_related_questions_on_a_question_page_are_only_those_the_reader_may_see(client, login_as):
    from champions.search import enqueue

    shown = fq.question(title="Employing a relative as a personal assistant", body="Rules.")
    related = fq.question(title="Can a relative be employed as a PA?", body="Can my daughter be my PA?")
    secret = fq.question(title="Champions only: relative as a PA", body="Internal.", visibility="champions")
    hidden = fq.question(title="Hidden: family member as a PA", body="Off topic.")
    hidden.hidden = True
    db.session.commit()
    for q in (shown, related, secret, hidden):
        enqueue("question", q.id)
    db.session.commit()
    login_as("practitioner")
    page = client.get(f"/questions/{shown.id}").get_data(as_text=True)
    assert "Related questions" in page and related.title in page
    assert secret.title not in page and hidden.title not in page


def test_a_new_question_is_findable_by_its_author_at_once_without_synchronous_indexing(app, client, login_as):
    """In production index work runs after the response is sent (not SEARCH_SYNC): the author searches next."""
    from champions.search import index

    author = login_as("practitioner")
    app.config["SEARCH_SYNC"] = False
    try:
        response = client.post("/questions/new", data={
            "title": "Can a direct payment pay for a gym membership?", "body": "For a young man with autism.",
            "visibility": "staff", "submit": "Post your question"})
        assert response.status_code == 302
        response.close()  # the server has sent it: the index work queued with the question runs now
        found = [h.title for h in index.query(author, "gym membership").hits]
    finally:
        app.config["SEARCH_SYNC"] = True
    assert found == ["Can a direct payment pay for a gym membership?"]  # no timing here: see RESULTS-search.md


def test_the_daily_purge_deletes_old_search_counts_and_the_privacy_notice_says_so(app, client, runner):
    old_month = (utcnow().date() - timedelta(days=400)).replace(day=1)
    db.session.add_all([UnfoundSearch(text="old", month=old_month, searches=1, empty=1, opened=0),
                        UnfoundSearch(text="recent", month=utcnow().date().replace(day=1), searches=1, empty=1,
                                      opened=0)])
    db.session.commit()
    result = runner.invoke(args=["mydata", "purge"])
    assert "1 search counts" in result.output
    db.session.expire_all()
    assert [r.text for r in db.session.query(UnfoundSearch)] == ["recent"]
    page = client.get("/my-data/privacy").get_data(as_text=True)
    assert "The words searched for, counted per month (never who searched)" in page


def test_without_search_apply_in_web_posting_leaves_index_work_for_the_worker(app, client, login_as):
    """Production: the web worker answers and moves on; the background worker makes the question findable."""
    from champions.search import index, jobs
    from champions.search.models import SearchJob

    author = login_as("practitioner")
    app.config.update(SEARCH_SYNC=False, SEARCH_APPLY_IN_WEB=False)
    try:
        response = client.post("/questions/new", data={
            "title": "Can a direct payment pay for a gym membership?", "body": "For a young man with autism.",
            "visibility": "staff", "submit": "Post your question"})
        assert response.status_code == 302
        response.close()
        assert [h.title for h in index.query(author, "gym membership").hits] == []
        assert db.session.query(SearchJob).count() >= 1
        assert jobs.process_pending() >= 1  # what `flask worker` does every few seconds
        found = [h.title for h in index.query(author, "gym membership").hits]
    finally:
        app.config.update(SEARCH_SYNC=True, SEARCH_APPLY_IN_WEB=True)
    assert found == ["Can a direct payment pay for a gym membership?"]


def test_search_apply_in_web_is_on_for_the_demo_and_off_in_production():
    from champions.config import from_environment

    assert from_environment("/tmp", {"DEMO": "1"})["SEARCH_APPLY_IN_WEB"] is True
    assert from_environment("/tmp", {"SECRET_KEY": "x" * 40})["SEARCH_APPLY_IN_WEB"] is False
    assert from_environment("/tmp", {"SECRET_KEY": "x" * 40, "SEARCH_APPLY_IN_WEB": "1"})["SEARCH_APPLY_IN_WEB"] is True
