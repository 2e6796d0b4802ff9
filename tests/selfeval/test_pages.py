"""The self-evaluation pages are well formed: unique ids, labels for every field, no inline script or style."""
from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import select

from champions.extensions import db
from champions.selfeval.models import SelfEvaluation
from tests import factories
from tests import factories_practice as fp
from tests import factories_selfeval as fs


def _problems(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    found = [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', html):
        if f'for="{field_id}"' not in html and not re.search(rf'id="{field_id}"[^>]*type="hidden"|type="hidden"[^>]*id="{field_id}"', html):
            found.append(f"no label for {field_id}")
    if re.search(r"<script(?![^>]*\ssrc=)", html) or re.search(r'\sstyle="', html):
        found.append("inline script or style")
    return found


def test_every_page_is_well_formed(client, login_as):
    lead = login_as("champion")
    cora = factories.user("practitioner")
    tag = fs.standard_tag(4)
    example = fp.example(title="Recording outcomes", tags=[tag])
    first = fs.evaluation(lead, tags=[tag], contributors=[cora, lead], status="published",
                          team=factories.team("North Team"))
    fs.agree(first.standards[0], 3)
    fs.rating(first.standards[0], cora, 3)
    fs.link(first.standards[0], "practice_example", example.id)
    draft = fs.evaluation(lead, tags=[tag], contributors=[cora, lead], previous=first, team=first.teams[0])
    fs.text(draft.standards[0])
    db.session.commit()
    s = draft.standards[0].id
    urls = ["/self-evaluation/", "/self-evaluation/new", f"/self-evaluation/{first.id}", f"/self-evaluation/{draft.id}",
            f"/self-evaluation/{draft.id}/print", f"/self-evaluation/{draft.id}/standards/{s}/rate",
            f"/self-evaluation/{draft.id}/standards/{s}/agree", f"/self-evaluation/{draft.id}/standards/{s}/findings",
            f"/self-evaluation/{draft.id}/standards/{s}/evidence?q=outcomes",
            f"/self-evaluation/{draft.id}/standards/{s}/actions/new", "/self-evaluation/partnership",
            f"/self-evaluation/change?scope={first.scope_key}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _problems(response.get_data(as_text=True)) == [], url
    errors = client.post("/self-evaluation/new", data={"title": "Spring look"}).get_data(as_text=True)
    assert _problems(errors) == [] and "There is a problem" in errors
    for message in ("Choose what is being evaluated", "Choose at least one standard",
                    "Choose at least one contributor", "Choose who can read it once published"):
        assert message in errors, message
    assert 'value="Spring look"' in errors  # what was typed is kept
    assert db.session.scalar(select(SelfEvaluation.id).where(SelfEvaluation.title == "Spring look")) is None
