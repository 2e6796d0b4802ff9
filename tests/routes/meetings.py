"""Expected answers for the meetings blueprint."""
from __future__ import annotations

from champions.extensions import db
from champions.meetings.models import Action
from tests import factories
from tests import factories_meetings as fm

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
STAFF_READ = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
STAFF_EDIT = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}
STAFF_EDIT_POST = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 302}
# Empty form posts come back as the form with errors.
STAFF_FORM_POST = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}
DRAFT_READ = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 200, "admin": 200}
CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
CHAMPIONS_HISTORY = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}
ADMIN = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 200}
ADMIN_POST = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 403, "admin": 302}


def cases(app):
    """Each route as each role, against a staff-visible meeting (partners may not see it) and a draft."""
    meeting = fm.meeting(visibility="staff")
    draft = fm.meeting(status="draft", visibility="partners")
    item = fm.agenda_item(meeting, "Finance update")
    question = fm.question()
    item.questions.append(question)
    issue = fm.issue(meeting)
    owner = factories.user("champion")
    update = fm.standing_update("Finance")
    db.session.commit()
    m, d = meeting.id, draft.id

    def action_id():
        # POSTs that complete an action need a fresh open one per role.
        made = fm.action(meeting, owner=owner)
        db.session.commit()
        return made.id

    base = f"/meetings/{m}"
    cases = [
        ("meetings.index", "GET", "/meetings/", SIGNED_IN),
        ("meetings.detail", "GET", base, STAFF_READ),
        ("meetings.detail", "GET", f"/meetings/{d}", DRAFT_READ),
        ("meetings.print_view", "GET", f"{base}/print", STAFF_READ),
        ("meetings.calendar", "GET", f"{base}.ics", STAFF_READ),
        ("meetings.revisions", "GET", f"{base}/changes", CHAMPIONS_HISTORY),
        ("meetings.new", "GET", "/meetings/new", CHAMPIONS),
        ("meetings.new", "POST", "/meetings/new", CHAMPIONS),
        ("meetings.edit", "GET", f"{base}/edit", STAFF_EDIT),
        ("meetings.edit", "POST", f"{base}/edit", STAFF_FORM_POST),
        ("meetings.publish", "POST", f"{base}/publish", STAFF_EDIT_POST),
        ("meetings.publish", "POST", f"/meetings/{d}/publish",
         {**DRAFT_READ, "champion": 302, "admin": 302}),
        ("meetings.agenda_builder", "GET", f"{base}/agenda", STAFF_EDIT),
        ("meetings.agenda_add", "POST", f"{base}/agenda/add", STAFF_EDIT_POST),
        ("meetings.agenda_free", "POST", f"{base}/agenda/free", STAFF_FORM_POST),
        ("meetings.item_move", "POST", f"{base}/items/{item.id}/move/down", STAFF_EDIT_POST),
        ("meetings.item_edit", "GET", f"{base}/items/{item.id}", STAFF_EDIT),
        ("meetings.item_edit", "POST", f"{base}/items/{item.id}", STAFF_EDIT_POST),  # saves the notes as they are
        ("meetings.item_link", "POST", f"{base}/items/{item.id}/questions", STAFF_FORM_POST),
        ("meetings.item_unlink", "POST", f"{base}/items/{item.id}/questions/{question.id}/unlink", STAFF_EDIT_POST),
        ("meetings.issue_new", "GET", f"{base}/issues/new", STAFF_EDIT),
        ("meetings.issue_new", "POST", f"{base}/issues/new", STAFF_FORM_POST),
        ("meetings.issue_remove", "POST", f"{base}/issues/{issue.id}/remove", STAFF_EDIT_POST),
        ("meetings.action_new", "GET", f"{base}/actions/new", STAFF_EDIT),
        ("meetings.action_new", "POST", f"{base}/actions/new", STAFF_FORM_POST),
        ("meetings.actions", "GET", "/meetings/actions", SIGNED_IN),
        ("meetings.standing_updates", "GET", "/meetings/standing-updates", ADMIN),
        ("meetings.standing_updates", "POST", "/meetings/standing-updates", ADMIN),
        ("meetings.standing_update_toggle", "POST", f"/meetings/standing-updates/{update.id}/toggle", ADMIN_POST),
    ]
    # Marking done: the practitioner is not the owner (403); partners cannot see the meeting (404).
    done_expect = {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 302, "admin": 302}
    cases.append(("meetings.action_done", "POST", f"/meetings/actions/{action_id()}/done", done_expect))
    assert db.session.get(Action, 1) is not None
    # The item is removed last so the other item routes still find it.
    cases.append(("meetings.item_remove", "POST", f"{base}/items/{fm.agenda_item(meeting, 'Spare').id}/remove",
                  STAFF_EDIT_POST))
    db.session.commit()
    return cases
