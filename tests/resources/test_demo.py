"""The demo seed for resources: a dozen resources with real files, meeting papers, a question screenshot."""
from __future__ import annotations

from sqlalchemy import func, select

from champions.attachments.models import Attachment
from champions.auth.models import User
from champions.extensions import db
from champions.resources.models import Resource
from champions.search import index


def test_seed_demo_twice_and_find_a_word_inside_a_pdf(demo, runner, client, login_as):
    assert "Demo content is ready." in runner.invoke(args=["seed-demo"]).output  # the second time
    assert db.session.scalar(select(func.count()).select_from(Resource)) == 12
    kinds = dict(db.session.execute(select(Attachment.parent_kind, func.count()).group_by(Attachment.parent_kind)).all())
    assert kinds["resource"] == 11 and kinds["meeting"] == 4 and kinds["question"] == 1
    assert {a.file_kind for a in db.session.scalars(select(Attachment))} >= {"pdf", "docx", "xlsx", "pptx", "png"}
    practitioner = User.by_email("practitioner@example.org")
    hits = index.query(practitioner, "payroll").hits
    assert any("found in the attachment ‘direct-payment-agreement.docx’" in h.title for h in hits)
    login_as(practitioner)
    page = client.get("/resources/").get_data(as_text=True)
    assert "Direct payment agreement template" in page and "Peer support group for PA employers" not in page
    partner = User.by_email("partner@example.org")
    assert not any("direct-payment-agreement" in h.title for h in index.query(partner, "payroll").hits)
