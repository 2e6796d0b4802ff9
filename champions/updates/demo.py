"""Demo partner updates from the demo partner organisations (safe to run again)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions import markdown, search
from champions.auth.demo import ensure_user
from champions.auth.models import Organisation, User
from champions.extensions import db
from champions.timeutil import utcnow
from champions.updates.models import Update

IST = "Independent Support Tayside"
CARERS = "Tayside Carers' Centre"

# organisation, title, category, body, days ago, event in days (or None), pinned
UPDATES = [
    (IST, "New drop-in for people thinking about a direct payment", "service_news",
     "We now run a drop-in every **Wednesday morning** for anyone wondering whether a direct payment is right for them. Families welcome; no appointment needed.", 2, None, True),
    (CARERS, "Carers Week: events across Tayside", "events",
     "Join us for coffee mornings, a relaxation session and an information fair during Carers Week.", 3, 14, False),
    (IST, "Training for practitioners: explaining the four options", "training",
     "A one-hour online session on explaining the four SDS options in plain language. Open to all council and HSCP staff.", 5, 21, False),
    (CARERS, "Short breaks fund open for applications", "funding",
     "Our short breaks fund is open again. Carers can apply for help towards a break that suits them: a weekend away, a hobby or time with friends.", 6, None, False),
    (IST, "Payroll support for PA employers", "service_news",
     "We can now run payroll for people who employ their own personal assistants, including pensions and year-end returns.", 9, None, False),
    (CARERS, "Young carers' summer activities", "carers",
     "Summer activity days for young carers aged 8 to 17. Referrals from practitioners are welcome.", 11, 30, False),
    (IST, "Peer support group for PA employers", "events",
     "A monthly peer group where people who employ PAs share tips on recruitment, rotas and being a good employer.", 15, 10, False),
    (CARERS, "Adult carer support plans: what we can help with", "carers",
     "A reminder of how we help carers prepare for their adult carer support plan conversation.", 18, None, False),
    (IST, "Changes to our opening hours over the holidays", "service_news",
     "Our office closes for the public holidays; the phone line has a message with emergency contacts.", 25, None, False),
    (CARERS, "Emergency planning workshops for carers", "training",
     "Workshops to help carers make an emergency plan in case they are suddenly unable to care.", 32, 40, False),
    (IST, "Information on the costs of employing a PA", "funding",
     "An updated guide to the real costs of employing a PA: holiday pay, employer's National Insurance, insurance and training.", 40, None, False),
    (CARERS, "Volunteer befrienders wanted", "carers",
     "We are recruiting volunteer befrienders for carers who feel isolated. Please share with anyone who might be interested.", 50, None, False),
]


def seed() -> None:
    """Add the demo updates that are missing, posted by a member of each partner organisation."""
    orgs = {org.name: org for org in db.session.scalars(select(Organisation).where(Organisation.name.in_((IST, CARERS))))}
    if len(orgs) < 2:
        return
    authors = {IST: User.by_email("partner@example.org") or ensure_user(
                   "partner@example.org", "Pat Robertson", "partner", "Independent support worker", orgs[IST], None, 200),
               CARERS: ensure_user("carers.partner@example.org", "Morag Fraser", "partner", "Carer support worker",
                                   orgs[CARERS], None, 180)}
    existing = set(db.session.scalars(select(Update.title)))
    for org_name, title, category, body, days, event_in, pinned in UPDATES:
        if title in existing:
            continue
        update = Update(title=title, body=body, body_html=str(markdown.render(body)), category=category,
                        organisation_id=orgs[org_name].id, author_id=authors[org_name].id, pinned=pinned,
                        created_at=utcnow() - timedelta(days=days),
                        event_date=date.today() + timedelta(days=event_in) if event_in is not None else None)
        db.session.add(update)
        db.session.flush()
        search.enqueue("update", update.id)
