"""Demo questions and answers, in our own words (idempotent: skipped when a title already exists)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions import markdown
from champions.auth.demo import ensure_user
from champions.auth.models import Organisation, User
from champions.extensions import db
from champions.questions import service
from champions.questions.models import Answer, Question, Tag
from champions.questions.taxonomy import seed_taxonomy
from champions.timeutil import utcnow

# (title, body, asker key, days ago, tags, visibility, answers, extras)
# answers: (author key, body, days after asking, flags) with flags from {"endorsed", "accepted"}
QUESTIONS = [
    ("Can a family member be paid as a personal assistant under option 1?",
     "A person I support wants to employ their daughter as a PA with their direct payment. She lives in the same house. Is this allowed, and what do we need to record?",
     "practitioner", 120, ["option-1", "personal-assistants", "direct-payments"], "staff",
     [("champion", "Usually a close relative **living in the same household** cannot be employed, but the council can agree it when it is necessary to meet the person's outcomes (for example, culture, language or very specialised care).\n\n- Record why it is the best way to meet the outcomes\n- Agree it with your team leader\n- Make sure the person understands they are the employer", 1, {"endorsed", "accepted"}),
      ("colleague1", "We had one of these last year: the panel agreed it because no agency could cover the rural area. Write the reasons down clearly.", 2, set())], {}),
    ("What does the third party actually do under option 2?",
     "A family chose option 2 with a local provider. They are asking who holds the money and who they phone if the support is not working.",
     "newstarter", 95, ["option-2", "step-5-organising-my-support"], "partners",
     [("champion", "Under option 2 the person chooses the support and the provider (or the council) holds and manages the budget. The provider agrees an individual service fund with the person, arranges the support as the person directs, and reports on spend. The family should contact the provider first, then you.", 1, {"endorsed"}),
      ("partner", "We help families write down what they want from the provider before they sign anything. Happy to be contacted.", 3, set())], {}),
    ("What are the delegated authority limits for approving a care package?",
     "I am new and not sure how much I can approve myself before it needs to go to a manager.",
     "newstarter", 60, ["budgets-and-finance"], "staff",
     [("champion", "In our partnership weekly packages are approved by grade:\n\n| Grade | Up to |\n|---|---|\n| Social work or OT assistant | £100 |\n| Social worker or OT | £200 |\n| Deputy team leader | £300 |\n| Team leader | £400 |\n\nAbove £400 it goes to a service manager.", 0, {"endorsed", "accepted"})], {}),
    ("Can a direct payment be spent on a computer to help someone find work?",
     "A young man wants to use part of his budget for a laptop so he can apply for jobs and do an online course. Is that a reasonable use?",
     "practitioner", 45, ["direct-payments", "standard-12", "outcome-improved-skills"], "staff",
     [("champion", "Yes, if it meets an assessed outcome and is the best value way of doing so. Record the outcome (for example improved skills and having things to do) and how the laptop helps. Flexible spend like this is what Standard 12 is about.", 2, {"endorsed", "accepted"}),
      ("colleague2", "We approved something similar; finance asked for a quote and a short note on the outcome.", 4, set())], {}),
    ("How do carers get short breaks funded?",
     "An unpaid carer is exhausted. What are the routes to a short break and does it come from the cared-for person's budget?",
     "practitioner", 30, ["carers", "outcome-feeling-safe"], "partners",
     [("partner", "The carers' centre can help with an adult carer support plan. Short breaks can be funded through the carer's own support, not only the cared-for person's budget.", 1, set())], {}),
    ("When should we start planning the move from children's to adult services?",
     "A young person turns 16 next month. When should adult services get involved and who leads?",
     "colleague1", 25, ["transitions", "children-and-families", "standard-10"], "staff",
     [("champion", "Start early: from 14 where possible. Standard 10 is about early planning for transitions. Invite adult services to the review now and agree who leads.", 1, {"endorsed"})], {}),
    ("Do people pay a contribution towards a direct payment?",
     "Someone asked whether they will be charged if they take option 1 instead of option 3.",
     "practitioner", 20, ["charging", "option-1", "option-3"], "staff",
     [("colleague2", "The charging policy applies the same way whichever option is chosen. The financial assessment decides the contribution.", 2, set())], {}),
    ("How should I record personal outcomes in the review?",
     "Our reviews still read like lists of tasks. Is there a good way to record outcomes that finance also accepts?",
     "newstarter", 18, ["recording", "standard-4", "step-7-seeing-how-it-worked"], "staff",
     [("champion", "Write what matters to the person in their words, what support is helping, and what has changed. Use the Talking Points outcomes as headings if that helps.", 1, {"endorsed", "accepted"})], {}),
    ("Can a PA be paid for sleepover nights?",
     "A person employing PAs wants overnight cover. How are sleepovers paid and does the budget allow it?",
     "colleague1", 14, ["personal-assistants", "direct-payments"], "staff", [], {"flag": True}),
    ("What happens if the direct payment account builds up a surplus?",
     "An audit found a large balance sitting in a direct payment account. What is the process for recovering it?",
     "colleague2", 12, ["direct-payments", "budgets-and-finance"], "staff",
     [("colleague1", "Finance usually contacts the person first; talk to them before any recovery so the plan can be reviewed.", 1, set())], {}),
    ("Is risk enablement recorded differently from a risk assessment?",
     "A person wants to go hillwalking alone. How do we record that we support this choice?",
     "practitioner", 10, ["risk-enablement", "standard-6", "outcome-having-things-to-do"], "staff", [], {}),
    ("Who can help a family understand the four options?",
     "A family is overwhelmed by the choice. Is there independent support we can refer them to?",
     "newstarter", 9, ["option-4", "standard-1"], "partners",
     [("partner", "Independent Support Tayside offers free, impartial help to families choosing an option. Referral is by phone or email.", 0, set())], {}),
    ("Can option 3 services be changed at short notice?",
     "The person's needs changed suddenly. How fast can the council change the arranged service?",
     "colleague2", 8, ["option-3", "commissioning"], "staff", [], {}),
    ("How do we review a mix of options under option 4?",
     "Someone has a direct payment for a PA and a council-arranged day service. Do I do one review or two?",
     "colleague1", 7, ["option-4", "step-7-seeing-how-it-worked"], "staff", [], {}),
    ("What insurance does a PA employer need?",
     "Do people employing PAs need employer's liability insurance and can the budget pay for it?",
     "practitioner", 6, ["personal-assistants"], "staff", [], {}),
    ("Can the budget be used for a gym membership?",
     "A person with a mental health condition says the gym helps more than day care.",
     "colleague2", 4, ["standard-12", "outcome-staying-as-well-as-you-can"], "staff", [], {}),
    ("How do I explain the indicative budget to someone?",
     "People are confused by the difference between the indicative and the final budget.",
     "newstarter", 3, ["step-1-my-money-finding-out-how-much", "budgets-and-finance"], "staff", [], {}),
    ("What is a good conversation at the first visit?",
     "I want to start from what matters to the person rather than the form. Any tips?",
     "newstarter", 2, ["standard-3", "outcome-listened-to"], "staff",
     [("colleague1", "Ask what a good day looks like and what gets in the way. Leave the form until the end.", 0, set())], {}),
    ("Are there local PA networks for recruiting?",
     "Someone is struggling to find a PA in a rural area.",
     "partner", 16, ["personal-assistants"], "partners", [], {}),
    ("How do we handle a complaint about an option 2 provider?",
     "The family feels the provider is not following the plan.",
     "colleague1", 35, ["option-2", "commissioning"], "staff",
     [("champion", "Start with a review meeting with the family and provider, and involve commissioning if the contract is not being met.", 1, {"accepted"})], {}),
    ("Can a child's direct payment be used for a holiday play scheme?",
     "Parents want to use the budget for a summer scheme so the child can be with friends.",
     "colleague2", 50, ["children-and-families", "direct-payments", "outcome-seeing-people"], "staff",
     [("champion", "Yes, when it meets the child's assessed outcomes, such as seeing friends and giving the family a break.", 1, {"endorsed"}),
      ("colleague1", "We have done this several times; record the outcome for the child and the family.", 2, set())], {}),
    ("What does the SDS Standard on worker autonomy mean in practice?",
     "My team leader mentioned Standard 8. What can I decide without a panel?",
     "practitioner", 70, ["standard-8"], "staff",
     [("champion", "It is about trusting practitioners to agree creative support with people. Within your delegated limit you can agree it and record why.", 1, {"endorsed", "accepted"})], {}),
    ("Should transport be part of the personal budget?",
     "Someone needs taxis to get to their community activity.",
     "colleague1", 11, ["budgets-and-finance"], "staff", [], {}),
    ("How often should a direct payment be reviewed?",
     "Is it every year, or sooner for a new direct payment?",
     "colleague2", 40, ["direct-payments", "step-7-seeing-how-it-worked"], "staff",
     [("colleague1", "We do a first check after three months, then yearly.", 2, set())], {}),
    ("Can someone lend their direct payment equipment to a friend?",
     "A person bought a specialist bike with their budget and wants to lend it.",
     "practitioner", 1, ["direct-payments"], "staff", [], {}),
]


def _people() -> dict[str, User]:
    """The demo accounts plus a few extra colleagues."""
    council = next(iter(db.session.scalars(select(Organisation).where(Organisation.kind == "council"))), None)
    people = {key: User.by_email(f"{key}@example.org") for key in ("champion", "practitioner", "partner", "newstarter", "admin")}
    people["colleague1"] = ensure_user("morag.fraser@example.org", "Morag Fraser", "practitioner",
                                       "Occupational therapist", council, days_ago=500)
    people["colleague2"] = ensure_user("david.baird@example.org", "David Baird", "practitioner",
                                       "Care manager", council, days_ago=700)
    return people


def seed() -> None:
    """The taxonomy plus about 25 questions with answers, votes and flags."""
    seed_taxonomy()
    people = _people()
    tags = {t.slug: t for t in db.session.scalars(select(Tag))}
    existing = set(db.session.scalars(select(Question.title)))
    now = utcnow()
    for title, body, asker, days, tag_slugs, visibility, answers, extras in QUESTIONS:
        if title in existing or people.get(asker) is None:
            continue
        asked = now - timedelta(days=days, hours=3)
        q = Question(title=title, body=body, body_html=str(markdown.render(body)), author_id=people[asker].id,
                     visibility="partners" if people[asker].is_partner else visibility, created_at=asked,
                     last_activity_at=asked, tags=[tags[s] for s in tag_slugs if s in tags])
        db.session.add(q)
        db.session.flush()
        service.add_revision("question", q, people[asker]).created_at = asked
        service.follow(q, people[asker])
        for author, text, after, flags in answers:
            when = asked + timedelta(days=after, hours=2)
            answer = Answer(question_id=q.id, body=text, body_html=str(markdown.render(text)),
                            author_id=people[author].id, created_at=when)
            # Nobody endorses their own answer: the admin (a champion too) endorses the champion's.
            endorser = people["admin"] if author == "champion" else people["champion"]
            if "endorsed" in flags and endorser is not None:
                answer.endorsed_by_id, answer.endorsed_at = endorser.id, when + timedelta(hours=1)
            db.session.add(answer)
            db.session.flush()
            service.add_revision("answer", answer, people[author]).created_at = when
            if "accepted" in flags:
                q.accepted_answer_id = answer.id
            q.last_activity_at = when
        if extras.get("flag"):
            q.flagged_for_meeting, q.flagged_for_meeting_by_id = True, people["champion"].id
            q.flagged_for_meeting_at = now - timedelta(days=2)
        service.refresh(q)
    db.session.flush()
