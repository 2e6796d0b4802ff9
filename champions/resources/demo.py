"""Demo resources with small real files made in code, papers on two meetings, a screenshot on a question.

Every document is made up for the demo; none names a real person. Safe to run again (skips what exists).
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions import search
from champions.attachments import samples, service
from champions.attachments.models import Attachment
from champions.auth.models import Organisation, User
from champions.extensions import db
from champions.questions.taxonomy import seed_taxonomy
from champions.resources.models import Resource
from champions.timeutil import utcnow


def _agreement():
    return samples.docx("Direct payment agreement (template)", [
        "This agreement is between the council and the person receiving a direct payment (Option 1).",
        "1. The direct payment is to meet the personal outcomes agreed in the support plan.",
        "2. Keep receipts and bank statements for the direct payment account for the audit return.",
        "3. Tell the council if your needs change or the payment is not being used.",
        "4. If you employ a personal assistant, you are their employer: independent support can help with payroll.",
    ], [["Section", "What to fill in"], ["Weekly amount", "From the indicative budget"],
        ["Review date", "At least once a year"]])


def _leaflet():
    return samples.pdf("Short breaks for unpaid carers", [
        "Caring for someone can be hard work. A short break is time for you: a night away, a hobby, or a day off.",
        "An adult carer support plan looks at what matters to you. You can choose any of the four SDS options "
        "for your own support, including a direct payment to arrange your break yourself.",
        "Ask the carers' centre for a carers' conversation.",
    ])


def _calculator():
    return samples.xlsx([
        ["Item", "Hours a week", "Rate (GBP)", "Weekly cost (GBP)"],
        ["Personal assistant", 10, 13.50, 135.00],
        ["Employer's costs (estimate)", "", "", 20.25],
        ["Short break fund", "", "", 25.00],
        ["Total", "", "", 180.25],
    ], sheet="Budget")


def _plan():
    return samples.docx("Support plan template", [
        "What matters to me: in my own words.",
        "My personal outcomes (Talking Points): which matter most, and how I will know they are met.",
        "How I want to use my budget, and which SDS option I choose.",
        "Risks, and how we agreed to manage them (risk enablement).",
        "When we will review the plan.",
    ])


def _guidance(title: str, lines: list[str]):
    return lambda: samples.pdf(title, lines)


# title, summary, kind, visibility, owner organisation index (None: the champions'), file maker, file name,
# tag slugs, status, days since published
RESOURCES = [
    ("Direct payment agreement template", "The agreement a person signs when they choose Option 1.", "template",
     "staff", None, _agreement, "direct-payment-agreement.docx", ["option-1", "step-4", "direct-payments"], "published", 200),
    ("Short breaks for unpaid carers (leaflet)", "A leaflet for carers about short breaks and carers' conversations.",
     "leaflet", "partners", 2, _leaflet, "short-breaks-leaflet.pdf", ["carers", "outcome-staying-as-well-as-you-can"],
     "published", 120),
    ("Personal assistant budget calculator", "Work out the weekly cost of employing a PA, with employer's costs.",
     "tool", "partners", None, _calculator, "pa-budget-calculator.xlsx", ["option-1", "personal-assistants",
                                                                          "budgets-and-finance"], "published", 90),
    ("Support plan template", "A plan written around personal outcomes, in the person's own words.", "template",
     "staff", None, _plan, "support-plan-template.docx", ["step-2", "standard-3", "outcome-listened-to"], "published", 60),
    ("Risk enablement: a guide for practitioners", "How to agree and record positive risk-taking.", "guidance",
     "staff", None, _guidance("Risk enablement guide", [
         "Risk enablement means supporting people to take the risks that matter to them.",
         "Agree the risks with the person, record how each will be managed, and review together."]),
     "risk-enablement-guide.pdf", ["standard-6", "risk-enablement"], "published", 45),
    ("Choosing an SDS option: easy read", "An easy-read explanation of the four options.", "leaflet", "partners", 1,
     _guidance("The four SDS options", [
         "Option 1: you get the money and arrange your support.",
         "Option 2: you choose the support; someone else holds the money.",
         "Option 3: the council arranges your support.", "Option 4: a mix of options 1, 2 and 3."]),
     "four-options-easy-read.pdf", ["option-1", "option-2", "option-3", "option-4"], "published", 30),
    ("Transitions planning checklist", "What to do from age 14 so support is ready when school ends.", "tool",
     "staff", None, _guidance("Transitions checklist", [
         "Age 14: first joint meeting of children's and adult teams with the family.",
         "Age 16: agree outcomes and an indicative budget.", "Age 17: test the support before the move."]),
     "transitions-checklist.pdf", ["standard-10", "transitions"], "published", 20),
    ("Delegated authority limits (local practice)", "Who may approve weekly packages, by grade.", "policy",
     "staff", None, _guidance("Delegated authority", [
         "Social work or OT assistant: up to 100 a week. Social worker or OT: up to 200.",
         "Deputy team leader: up to 300. Team leader: up to 400. Service manager: above 400."]),
     "delegated-authority.pdf", ["standard-8", "budgets-and-finance"], "published", 400),
    ("Self-directed Support practitioner guidance (gov.scot)", "The Scottish Government's statutory guidance.",
     "link", "partners", None, None, "", ["standard-11"], "published", 300),
    ("Recording outcomes: review template", "A review form that starts with the person's words.", "template",
     "staff", None, _guidance("Review template", [
         "What the person said matters.", "Their own rating of each outcome.", "What changes next."]),
     "review-template.pdf", ["standard-4", "step-7", "recording"], "published", 10),
    ("Peer support group for PA employers", "A monthly group for people who employ their own PAs.", "leaflet",
     "partners", 1, _guidance("PA employers' peer support", [
         "Meet other people who employ personal assistants.", "Share tips on rotas, payroll and recruitment."]),
     "pa-peer-support.pdf", ["personal-assistants", "option-1"], "submitted", None),
    ("Carers' assessment questions (draft)", "Draft questions for an adult carer support plan.", "form", "staff",
     None, _guidance("Carer support plan questions", ["What does caring mean for you?", "What would help?"]),
     "carer-questions.pdf", ["carers"], "returned", None),
]
LINK = "https://www.gov.scot/publications/self-directed-support-practitioner-guidance/"


def _attach(parent, data: bytes, name: str, uploader, alt_text: str = "") -> None:
    from werkzeug.datastructures import FileStorage
    import io

    checked = service.check(FileStorage(io.BytesIO(data), filename=name), confirmed=True)
    service.save(checked, parent, uploader, alt_text=alt_text)


def seed() -> None:
    """Add the demo resources, meeting papers and question screenshot that are missing."""
    tags = seed_taxonomy()
    champion = User.by_email("champion@example.org")
    partner = User.by_email("partner@example.org")
    practitioner = User.by_email("practitioner@example.org")
    if champion is None or partner is None or practitioner is None:
        return
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
    existing = set(db.session.scalars(select(Resource.title)))
    for title, summary, kind, visibility, org, make, name, slugs, status, days in RESOURCES:
        if title in existing:
            continue
        author = partner if org == 1 else practitioner if status == "returned" else champion
        resource = Resource(title=title, summary=summary, kind=kind, visibility=visibility, status=status,
                            author_id=author.id, link_url=LINK if make is None else "",
                            organisation_id=organisations[org].id if org is not None and org < len(organisations) else None,
                            tags=[tags[s] for s in slugs if s in tags])
        if days is not None:
            resource.published_at = utcnow() - timedelta(days=days)
            resource.review_due_on = date.today() + timedelta(days=365 - days)
        if status == "submitted":
            resource.submitted_at = utcnow() - timedelta(days=1)
        if status == "returned":
            resource.review_comment = "Please add which SDS standard this supports."
        db.session.add(resource)
        db.session.flush()
        if make is not None:
            _attach(resource, make(), name, author)
        search.enqueue("resource", resource.id)
    _meeting_papers(champion)
    _question_screenshot(practitioner)


def _meeting_papers(champion) -> None:
    """Papers on the two most recent published staff meetings."""
    from champions.meetings.models import Meeting

    meetings = db.session.scalars(select(Meeting).where(Meeting.status == "published", Meeting.visibility == "staff",
                                                        Meeting.date <= date.today())
                                  .order_by(Meeting.date.desc()).limit(2)).all()
    for meeting in meetings:
        if db.session.scalar(select(Attachment.id).where(Attachment.meeting_id == meeting.id)):
            continue
        _attach(meeting, samples.pdf(f"Finance update: {meeting.title}", [
            "Direct payment audit returns: most are in; reminders go out this month.",
            "Indicative budgets: the new rates apply from April."]), "finance-update.pdf", champion)
        _attach(meeting, samples.pptx(["Carers' support update", "Short breaks: what is new"]),
                "carers-update.pptx", champion)


def _question_screenshot(author) -> None:
    """A screenshot on the first published demo question the practitioner asked."""
    from champions.questions.models import Question

    question = db.session.scalar(select(Question).where(Question.author_id == author.id, Question.hidden.is_(False),
                                                        Question.withdrawn.is_(False)).order_by(Question.id))
    if question is None or db.session.scalar(select(Attachment.id).where(Attachment.question_id == question.id)):
        return
    _attach(question, samples.image("png", size=(480, 270), colour=(230, 236, 244)), "screenshot.png", author,
            alt_text="Screenshot of the budget calculator's results page, showing a weekly total")
