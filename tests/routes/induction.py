"""Expected answers for the induction blueprint."""
from champions.extensions import db
from tests import factories_induction as make

STAFF = {"anonymous": 302, "practitioner": 200, "partner": 403, "champion": 200, "admin": 200}
STAFF_OR_PARTNER = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS_REDIRECT = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 302, "admin": 302}
CHAMPIONS_BAD_FORM = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 400, "admin": 400}
STAFF_MODULE = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
STAFF_MODULE_POST = {"anonymous": 302, "practitioner": 302, "partner": 404, "champion": 302, "admin": 302}
OWNER_ONLY = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 404, "admin": 404}


def cases(app):
    """A published staff module with a check, and a draft; an attempt that belongs to nobody signing in."""
    from champions.induction.models import CheckAttempt
    from tests import factories

    module = make.module("Routes: staff module", lessons=2)
    make.question(module)
    draft = make.module("Routes: draft", status="draft", position=2, lessons=1)
    other = factories.user(role="practitioner")
    attempt = CheckAttempt(user_id=other.id, module_id=module.id, module_version=1, answers_json="{}")
    db.session.add(attempt)
    db.session.commit()
    m, lesson, d = module.id, module.lessons[0].id, draft.id
    q = module.questions[0].id
    return [
        # With no module open to partners, partners do not get the induction at all.
        ("induction.index", "GET", "/induction/", STAFF),
        ("induction.statement", "GET", "/induction/statement", STAFF),
        ("induction.log", "GET", "/induction/log", STAFF),
        ("induction.module", "GET", f"/induction/modules/{m}", STAFF_MODULE),
        ("induction.module", "GET", f"/induction/modules/{d}",
         {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 200, "admin": 200}),
        ("induction.lesson", "GET", f"/induction/modules/{m}/lessons/{lesson}", STAFF_MODULE),
        ("induction.complete_lesson", "POST", f"/induction/modules/{m}/lessons/{lesson}/complete", STAFF_MODULE_POST),
        ("induction.complete_lesson", "POST", f"/induction/modules/{d}/lessons/{draft.lessons[0].id}/complete",
         {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 403, "admin": 403}),
        ("induction.save_reflection", "POST", f"/induction/modules/{m}/lessons/{lesson}/reflection", STAFF_MODULE_POST),
        ("induction.check", "GET", f"/induction/modules/{m}/check", STAFF_MODULE),
        ("induction.check", "POST", f"/induction/modules/{m}/check",
         {"anonymous": 302, "practitioner": 400, "partner": 404, "champion": 400, "admin": 400}),
        ("induction.attempt", "GET", f"/induction/modules/{m}/check/attempts/{attempt.id}", OWNER_ONLY),
        ("induction.manage", "GET", "/induction/manage", CHAMPIONS),
        ("induction.new_module", "GET", "/induction/manage/modules/new", CHAMPIONS),
        ("induction.new_module", "POST", "/induction/manage/modules/new", CHAMPIONS_BAD_FORM),
        ("induction.manage_module", "GET", f"/induction/manage/modules/{d}", CHAMPIONS),
        ("induction.edit_module", "GET", f"/induction/manage/modules/{d}/edit", CHAMPIONS),
        ("induction.edit_module", "POST", f"/induction/manage/modules/{d}/edit", CHAMPIONS_REDIRECT),
        ("induction.move_module", "POST", f"/induction/manage/modules/{d}/move", CHAMPIONS_REDIRECT),
        ("induction.publish_module", "POST", f"/induction/manage/modules/{m}/publish", CHAMPIONS_REDIRECT),
        ("induction.assign_module", "GET", f"/induction/manage/modules/{d}/assign", CHAMPIONS),
        ("induction.assign_module", "POST", f"/induction/manage/modules/{m}/assign", CHAMPIONS_REDIRECT),
        ("induction.unpublish_module", "POST", f"/induction/manage/modules/{d}/unpublish", CHAMPIONS_REDIRECT),
        ("induction.edit_lesson", "GET", f"/induction/manage/modules/{d}/lessons/new", CHAMPIONS),
        ("induction.edit_lesson", "POST", f"/induction/manage/modules/{d}/lessons/new", CHAMPIONS_BAD_FORM),
        ("induction.edit_lesson", "GET", f"/induction/manage/modules/{d}/lessons/{draft.lessons[0].id}/edit", CHAMPIONS),
        ("induction.edit_lesson", "POST", f"/induction/manage/modules/{d}/lessons/{draft.lessons[0].id}/edit", CHAMPIONS_REDIRECT),
        ("induction.lesson_changes", "GET", f"/induction/manage/modules/{d}/lessons/{draft.lessons[0].id}/changes", CHAMPIONS),
        ("induction.move_lesson", "POST", f"/induction/manage/modules/{d}/lessons/{draft.lessons[0].id}/move", CHAMPIONS_REDIRECT),
        ("induction.edit_question", "GET", f"/induction/manage/modules/{m}/questions/new", CHAMPIONS),
        ("induction.edit_question", "POST", f"/induction/manage/modules/{m}/questions/new", CHAMPIONS_BAD_FORM),
        ("induction.edit_question", "GET", f"/induction/manage/modules/{m}/questions/{q}/edit", CHAMPIONS),
        ("induction.edit_question", "POST", f"/induction/manage/modules/{m}/questions/{q}/edit", CHAMPIONS_BAD_FORM),
        ("induction.move_question", "POST", f"/induction/manage/modules/{m}/questions/{q}/move", CHAMPIONS_REDIRECT),
        ("induction.report", "GET", "/induction/report", CHAMPIONS),
        ("induction.report_csv", "GET", "/induction/report.csv", CHAMPIONS),
    ]
