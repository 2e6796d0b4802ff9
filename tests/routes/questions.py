"""Expected answers for the questions blueprint."""
from champions.extensions import db
from champions.questions.taxonomy import seed_taxonomy
from tests import factories
from tests import factories_questions as fq

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
STAFF_PAGE = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
STAFF_POST = {"anonymous": 302, "practitioner": 302, "partner": 404, "champion": 302, "admin": 302}
CHAMPION_PAGE = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}
CHAMPION_POST = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 302}
TAG_MANAGERS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
# An empty POST to an edit form falls back to the saved values (Flask-WTF), so it saves and redirects.
CHAMPION_EDIT_POST = {**CHAMPION_PAGE, "champion": (200, 302), "admin": (200, 302)}
TAG_EDIT_POST = {**TAG_MANAGERS, "champion": (200, 302), "admin": (200, 302)}
NOBODY_BUT_AUTHOR = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 403, "admin": 403}


def cases(app):
    seed_taxonomy()
    author = factories.user("practitioner")
    q = fq.question(author, title="A staff question about option 2 providers")
    a = fq.answer(q, factories.user("practitioner"))
    db.session.commit()
    qid, aid = q.id, a.id
    return [
        ("questions.index", "GET", "/questions/", SIGNED_IN),
        ("questions.ask", "GET", "/questions/new", SIGNED_IN),
        ("questions.ask", "POST", "/questions/new", SIGNED_IN),
        ("questions.similar", "GET", "/questions/similar?title=direct+payment", SIGNED_IN),
        ("questions.detail", "GET", f"/questions/{qid}", STAFF_PAGE),
        ("questions.detail", "GET", "/questions/999999", {**SIGNED_IN, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}),
        ("questions.answer", "POST", f"/questions/{qid}/answers", STAFF_PAGE),
        ("questions.answer", "GET", f"/questions/{qid}/answers", STAFF_POST),  # back to the question page
        # The asker accepts, or a champion on their behalf while none is accepted (here nobody signed in asked
        # it): the champion's acceptance stands, so the admin who comes next may no longer change it.
        ("questions.accept", "POST", f"/questions/answers/{aid}/accept", {**CHAMPION_POST, "admin": 403}),
        ("questions.endorse", "POST", f"/questions/answers/{aid}/endorse", CHAMPION_POST),
        ("questions.helpful", "POST", f"/questions/answers/{aid}/helpful", STAFF_POST),
        ("questions.follow", "POST", f"/questions/{qid}/follow", STAFF_POST),
        ("questions.close", "GET", f"/questions/{qid}/close", CHAMPION_PAGE),
        ("questions.close", "POST", f"/questions/{qid}/close", CHAMPION_PAGE),
        ("questions.reopen", "POST", f"/questions/{qid}/reopen", CHAMPION_POST),
        ("questions.lock", "POST", f"/questions/{qid}/lock", CHAMPION_POST),
        ("questions.flag_for_meeting", "POST", f"/questions/{qid}/meeting", CHAMPION_POST),
        ("questions.withdraw", "POST", f"/questions/{qid}/withdraw", NOBODY_BUT_AUTHOR),
        ("questions.hide_question", "GET", f"/questions/{qid}/hide", CHAMPION_PAGE),
        ("questions.hide_question", "POST", f"/questions/{qid}/hide", CHAMPION_PAGE),
        ("questions.hide_answer", "GET", f"/questions/answers/{aid}/hide", CHAMPION_PAGE),
        ("questions.hide_answer", "POST", f"/questions/answers/{aid}/hide", CHAMPION_PAGE),
        ("questions.restore_question", "POST", f"/questions/{qid}/restore", CHAMPION_POST),
        ("questions.withdraw_answer", "GET", f"/questions/answers/{aid}/withdraw", NOBODY_BUT_AUTHOR),
        ("questions.withdraw_answer", "POST", f"/questions/answers/{aid}/withdraw", NOBODY_BUT_AUTHOR),
        ("questions.unwithdraw_answer", "POST", f"/questions/answers/{aid}/unwithdraw", NOBODY_BUT_AUTHOR),
        ("questions.restore_answer", "POST", f"/questions/answers/{aid}/restore", CHAMPION_POST),
        ("questions.report_question", "GET", f"/questions/{qid}/report", STAFF_PAGE),
        ("questions.report_question", "POST", f"/questions/{qid}/report", STAFF_PAGE),
        ("questions.report_answer", "GET", f"/questions/answers/{aid}/report", STAFF_PAGE),
        ("questions.report_answer", "POST", f"/questions/answers/{aid}/report", STAFF_PAGE),
        ("questions.edit_question", "GET", f"/questions/{qid}/edit", CHAMPION_PAGE),
        ("questions.edit_question", "POST", f"/questions/{qid}/edit", CHAMPION_EDIT_POST),
        ("questions.edit_answer", "GET", f"/questions/answers/{aid}/edit", CHAMPION_PAGE),
        ("questions.edit_answer", "POST", f"/questions/answers/{aid}/edit", CHAMPION_EDIT_POST),
        ("questions.question_history", "GET", f"/questions/{qid}/history", STAFF_PAGE),
        ("questions.answer_history", "GET", f"/questions/answers/{aid}/history", STAFF_PAGE),
        ("questions.tag_index", "GET", "/questions/tags/", SIGNED_IN),
        ("questions.tag", "GET", "/questions/tags/direct-payments", SIGNED_IN),
        ("questions.manage_tags", "GET", "/questions/tags/manage", TAG_MANAGERS),
        ("questions.manage_tags", "POST", "/questions/tags/manage", TAG_MANAGERS),
        ("questions.edit_tag", "GET", "/questions/tags/carers/edit", TAG_MANAGERS),
        ("questions.edit_tag", "POST", "/questions/tags/carers/edit", TAG_EDIT_POST),
    ]
