"""Demo practice examples, in our own words, across the options and outcomes (safe to run again)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from champions import markdown, search
from champions.auth.models import User
from champions.extensions import db
from champions.practice.models import PracticeExample, PracticeTransition
from champions.questions.taxonomy import seed_taxonomy
from champions.timeutil import utcnow

# title, summary, situation, what was done, outcomes text, tag slugs, status, visibility, days since published
EXAMPLES = [
    ("A laptop through a direct payment helped someone back into work",
     "A small, flexible direct payment bought a laptop and broadband so a man with a long-term condition could job-hunt and then work from home.",
     "A man in his forties with a fluctuating condition had lost his job and felt cut off. Day services did not fit: what mattered to him was working again.",
     "We talked about what a good week would look like. He chose **Option 1** and used part of his budget for a laptop, broadband and an online course instead of day-centre places. The finance team agreed the one-off spend as meeting his outcomes.",
     "Within four months he had part-time work he can do from home on bad days.",
     ["option-1", "step-2", "step-5", "standard-12", "outcome-having-things-to-do", "outcome-improved-confidence-or-morale", "direct-payments"],
     "published", "partners", 200),
    ("Employing a personal assistant with a third party's help",
     "An older woman employed her own PA through Option 1, with an independent support organisation handling payroll and the employer paperwork.",
     "She wanted the same person at the same time each morning, and someone who spoke her first language. Agency rotas had not managed that.",
     "We introduced her to independent support, who explained being an employer, set up payroll and insurance, and helped her advertise. She interviewed with her daughter present.",
     "Her PA has stayed for over a year; she says she finally feels listened to.",
     ["option-1", "step-4", "step-5", "standard-1", "outcome-listened-to", "outcome-reliability", "personal-assistants"],
     "published", "partners", 150),
    ("Option 2 let a family choose their provider",
     "Under Option 2 the council held the budget while the family chose a small local provider they already trusted.",
     "A young man with learning disabilities lived with his parents, who did not want to manage money or be employers but did want a say in who supported him.",
     "We set up an individual service fund with a local provider the family picked. The support plan was written with the young man using pictures.",
     "He now goes to a community gardening group twice a week with staff he knows.",
     ["option-2", "step-3", "step-5", "standard-3", "outcome-having-a-say", "outcome-seeing-people", "commissioning"],
     "published", "staff", 120),
    ("Planning early for a young person's move to adult services",
     "Starting transition planning at 14 meant the budget, the plan and the people were ready before school ended.",
     "A teenager with complex needs was due to leave school. Past transitions in the area had left families with gaps of several months.",
     "Children's and adult teams met the family together from age 14, agreed outcomes, and tested a mixed package before she turned 18.",
     "There was no gap in support and she kept two of her favourite activities.",
     ["option-4", "step-1", "step-2", "standard-10", "outcome-living-where-and-as-you-want", "transitions", "children-and-families"],
     "published", "staff", 90),
    ("Short breaks that a carer designed herself",
     "An adult carer support plan led to a budget for short breaks she arranged around her own life.",
     "A woman caring for her husband had not had a night off in three years and was close to breaking point.",
     "After a carers' conversation she used a direct payment to book a trusted sitter and two weekends away with a friend, with help from the carers' centre.",
     "She says she can carry on caring because she has something to look forward to.",
     ["option-1", "step-6", "standard-2", "outcome-staying-as-well-as-you-can", "carers"],
     "published", "partners", 60),
    ("Positive risk-taking: travelling independently",
     "A risk enablement conversation let a young woman learn to travel to college on her own.",
     "Her family worried about her safety on buses, so she had always been driven everywhere.",
     "We agreed a stepped plan with her, her family and a travel trainer, and recorded the risks and how each would be managed.",
     "She now travels alone three days a week.",
     ["option-3", "step-5", "standard-6", "outcome-improved-skills", "outcome-feeling-safe", "risk-enablement"],
     "published", "staff", 45),
    ("Recording outcomes in the person's own words",
     "Writing reviews around what the person said mattered made it easier to see what had changed.",
     "Reviews in the team were mostly lists of services, which told us little about whether life had improved.",
     "We piloted a review template that starts with quotes from the person and ends with their own rating of each outcome.",
     "Reviews became shorter, and managers could see outcomes across the caseload.",
     ["option-3", "step-7", "standard-4", "outcome-listened-to", "recording"],
     "published", "staff", 400),
    ("Using delegated authority to agree a package the same day",
     "A social worker approved a small weekly package on the spot within her delegated limit, avoiding a two-week panel wait.",
     "A man coming home from hospital needed a few hours of support a week straight away.",
     "Within the local delegated authority limits, she agreed the package at the home visit and recorded her reasoning.",
     "He went home on time, and the review a month later confirmed the package was right.",
     ["option-3", "step-3", "standard-8", "outcome-responded-to", "budgets-and-finance"],
     "published", "staff", 30),
    ("A mix of options for a man with dementia and his wife",
     "Option 4 combined council-arranged day care with a direct payment for a PA at weekends.",
     "The couple wanted to keep doing things together at weekends, but needed reliable help on weekdays.",
     "We arranged day care through Option 3 and a small direct payment for a weekend PA who shares his love of football.",
     "They still go to home matches together.",
     ["option-4", "step-5", "standard-11", "outcome-seeing-people", "carers"],
     "published", "partners", 15),
    ("Community brokerage for someone new to the area",
     "A community broker helped a woman who had just moved find local groups instead of a traditional service.",
     "She was isolated after moving to be near her son and did not know what was available.",
     "A broker from an independent support organisation mapped local groups with her and helped her try three.",
     "She volunteers at a community café and no longer wants day services.",
     ["option-2", "step-2", "standard-1", "outcome-seeing-people", "outcome-improved-confidence-or-morale"],
     "submitted", "partners", None),
    ("Paying a family member as a PA in exceptional circumstances",
     "How a team worked through the rules on employing a relative as a PA.",
     "A young man would accept personal care only from his cousin.",
     "We checked the guidance on when a relative can be employed, recorded why this was exceptional, and arranged independent support for the employment side.",
     "",
     ["option-1", "step-4", "personal-assistants"],
     "returned", "staff", None),
    ("Flexible spend on a gym membership",
     "A budget used for a gym membership and a trainer instead of extra home visits.",
     "A woman recovering from a stroke wanted to get stronger rather than have more help at home.",
     "We agreed the spend met her outcomes and reviewed it after three months.",
     "Her mobility improved and she needs less help at home.",
     ["option-1", "step-6", "standard-12", "outcome-improved-mobility"],
     "draft", "staff", None),
]


def seed() -> None:
    """Add the demo practice examples that are missing."""
    tags = seed_taxonomy()
    champion = User.by_email("champion@example.org")
    practitioner = User.by_email("practitioner@example.org")
    if champion is None or practitioner is None:
        return
    existing = set(db.session.scalars(select(PracticeExample.title)))
    for title, summary, situation, action, outcomes, slugs, status, visibility, days in EXAMPLES:
        if title in existing:
            continue
        author = practitioner if status in ("submitted", "returned", "draft") else champion
        example = PracticeExample(
            title=title, summary=summary, situation=situation, situation_html=str(markdown.render(situation)),
            action=action, action_html=str(markdown.render(action)), outcomes_text=outcomes,
            outcomes_html=str(markdown.render(outcomes)), team_or_area="North Locality Team",
            contact_id=champion.id, visibility=visibility, anonymised_confirmed=True, status=status,
            author_id=author.id, tags=[tags[s] for s in slugs if s in tags])
        if days is not None:
            example.published_at = utcnow() - timedelta(days=days)
            example.review_due_on = date.today() + timedelta(days=365 - days)
        if status == "submitted":
            example.submitted_at = utcnow() - timedelta(days=2)
        if status == "returned":
            example.review_comment = "Please add what changed for him, and which SDS standard this shows."
        db.session.add(example)
        db.session.flush()
        if status in ("submitted", "returned"):
            db.session.add(PracticeTransition(example=example, actor_id=practitioner.id, from_status="draft",
                                              to_status="submitted"))
        if status == "returned":
            db.session.add(PracticeTransition(example=example, actor_id=champion.id, from_status="submitted",
                                              to_status="returned", comment=example.review_comment))
        search.enqueue("practice_example", example.id)
