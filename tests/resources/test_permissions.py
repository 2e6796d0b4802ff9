"""The resource and attachment rules, without a client."""
from __future__ import annotations

from champions.extensions import db
from champions.permissions import can
from tests import factories
from tests import factories_practice as fp
from tests import factories_resources as fr


def test_who_adds_and_edits_resources(app):
    partner = factories.user("partner")
    loose_partner = factories.user("partner")
    loose_partner.organisation_id = None
    practitioner = factories.user("practitioner")
    champion = factories.user("champion")
    db.session.commit()
    assert can(practitioner, "resource.create") and can(champion, "resource.create") and can(partner, "resource.create")
    assert not can(loose_partner, "resource.create")  # a partner adds only their own organisation's material
    own = fr.resource(author=partner, status="submitted", visibility="partners")
    published = fr.resource(author=partner, visibility="partners")
    assert can(partner, "resource.edit", own) and not can(partner, "resource.edit", published)
    assert can(champion, "resource.edit", published) and can(champion, "resource.publish", own)
    assert not can(practitioner, "resource.read", own) and not can(partner, "resource.publish", own)


def test_a_file_is_read_by_whoever_reads_its_parent_and_added_by_its_editors(app):
    author = factories.user("practitioner")
    partner = factories.user("partner")
    champion = factories.user("champion")
    question = fp.question(author=author, visibility="staff")
    attachment = fr.attachment(question, uploader=author)
    db.session.commit()
    assert can(author, "attachment.read", attachment) and not can(partner, "attachment.read", attachment)
    assert can(author, "attachment.add", question) and can(champion, "attachment.add", question)
    assert not can(partner, "attachment.add", question)
    assert can(champion, "attachment.remove", attachment) and not can(author, "attachment.remove", attachment)
    attachment.hidden = True
    assert not can(author, "attachment.read", attachment) and can(champion, "attachment.read", attachment)
    assert not can(champion, "attachment.remove", attachment)  # already removed
