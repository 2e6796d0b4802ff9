"""Expected answers for self-evaluation: an evaluation in progress (led by another champion) and a published one."""
from __future__ import annotations

from champions.extensions import db
from tests import factories
from tests import factories_selfeval as fs

SIGNED_IN = {"anonymous": 302, "practitioner": 200, "partner": 200, "champion": 200, "admin": 200}
CHAMPIONS = {"anonymous": 302, "practitioner": 403, "partner": 403, "champion": 200, "admin": 200}
STAFF_READ = {"anonymous": 302, "practitioner": 200, "partner": 404, "champion": 200, "admin": 200}
# In progress: its contributors, its lead and the champions read it; none of these roles contributes to it.
DRAFT_READ = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 200, "admin": 200}
CONTRIBUTE = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 403, "admin": 403}
# The lead agrees and publishes; an administrator may stand in for the lead.
LEAD = {"anonymous": 302, "practitioner": 404, "partner": 404, "champion": 403, "admin": 200}
LEAD_POST = {**LEAD, "admin": 302}


def cases(app):
    lead = factories.user("champion")
    contributor = factories.user("practitioner")
    draft = fs.evaluation(lead, contributors=[contributor])
    published = fs.evaluation(lead, contributors=[contributor], status="published", visibility="staff")
    fs.agree(published.standards[0], 4)
    item = fs.text(draft.standards[0], by=contributor)
    db.session.commit()
    d, s = draft.id, draft.standards[0].id
    base = f"/self-evaluation/{d}/standards/{s}"
    return [
        ("selfeval.index", "GET", "/self-evaluation/", SIGNED_IN),
        ("selfeval.new", "GET", "/self-evaluation/new", CHAMPIONS),
        ("selfeval.new", "POST", "/self-evaluation/new", CHAMPIONS),
        ("selfeval.detail", "GET", f"/self-evaluation/{d}", DRAFT_READ),
        ("selfeval.detail", "GET", f"/self-evaluation/{published.id}", STAFF_READ),
        ("selfeval.printable", "GET", f"/self-evaluation/{d}/print", DRAFT_READ),
        ("selfeval.printable", "GET", f"/self-evaluation/{published.id}/print", STAFF_READ),
        ("selfeval.publish", "POST", f"/self-evaluation/{d}/publish", LEAD_POST),
        ("selfeval.rate", "GET", f"{base}/rate", CONTRIBUTE),
        ("selfeval.rate", "POST", f"{base}/rate", CONTRIBUTE),
        ("selfeval.agree", "GET", f"{base}/agree", LEAD),
        ("selfeval.agree", "POST", f"{base}/agree", LEAD),
        ("selfeval.agree", "GET", f"/self-evaluation/{published.id}/standards/{published.standards[0].id}/agree",
         {"anonymous": 302, "practitioner": 403, "partner": 404, "champion": 200, "admin": 200}),
        ("selfeval.findings", "GET", f"{base}/findings", CONTRIBUTE),
        ("selfeval.findings", "POST", f"{base}/findings", CONTRIBUTE),
        ("selfeval.action_new", "GET", f"{base}/actions/new", CONTRIBUTE),
        ("selfeval.action_new", "POST", f"{base}/actions/new", CONTRIBUTE),
        ("selfeval.evidence", "GET", f"{base}/evidence", CONTRIBUTE),
        ("selfeval.evidence_link", "POST", f"{base}/evidence/link", CONTRIBUTE),
        ("selfeval.evidence_text", "POST", f"{base}/evidence/text", CONTRIBUTE),
        ("selfeval.evidence_withdraw", "POST", f"/self-evaluation/{d}/evidence/{item.id}/withdraw", CONTRIBUTE),
        ("selfeval.partnership", "GET", "/self-evaluation/partnership", CHAMPIONS),
        ("selfeval.change", "GET", f"/self-evaluation/change?scope={published.scope_key}", STAFF_READ),
        ("selfeval.export_csv", "GET", "/self-evaluation/export.csv", CHAMPIONS),
    ]
