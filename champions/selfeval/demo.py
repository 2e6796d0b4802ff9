"""Demo self-evaluations: two teams against five standards, one of them twice (safe to run again)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions import markdown, search
from champions.auth.models import Team, User
from champions.extensions import db
from champions.meetings.models import Action
from champions.practice.models import PracticeExample
from champions.questions.models import Question, Tag
from champions.questions.taxonomy import seed_taxonomy
from champions.selfeval.models import (ContributorRating, EvaluationStandard, Evidence, ImprovementAction,
                                       SelfEvaluation)
from champions.selfeval.service import scope_key
from champions.timeutil import to_local, utcnow

STANDARDS = ("standard-1", "standard-3", "standard-4", "standard-6", "standard-12")
# Hub evidence per standard: (practice example title, question title)
EVIDENCE = {
    "standard-1": ("Employing a personal assistant with a third party's help", "Who can help a family understand the four options?"),
    "standard-3": ("Option 2 let a family choose their provider", "What is a good conversation at the first visit?"),
    "standard-4": ("Recording outcomes in the person's own words", "How should I record personal outcomes in the review?"),
    "standard-6": ("Positive risk-taking: travelling independently", "Is risk enablement recorded differently from a risk assessment?"),
    "standard-12": ("A laptop through a direct payment helped someone back into work", "Can the budget be used for a gym membership?"),
}
WHY = {
    1: "Families rarely know independent support exists until late on.",
    2: "Practice varies a lot between workers; the audit found gaps.",
    3: "The basics are in place but not yet consistent across the team.",
    4: "Most people we support say they were listened to, and the case-file audit agrees.",
    5: "Strong and consistent, with only small gaps.",
}
# (title, team, days since published, lead, contributors, {standard: (agreed, [contributor ratings])},
#  standards with free-text evidence only, [(standard, action, owner, days until due)])
EVALUATIONS = [
    ("North Locality Team, spring", "North Locality Team", 180, "champion@example.org",
     ["champion@example.org", "practitioner@example.org"],
     {"standard-1": (3, [3, 2]), "standard-3": (3, [3, 4]), "standard-4": (2, [2, 3]), "standard-6": (3, [3, 3]),
      "standard-12": (4, [4, 5])},
     {"standard-12"},
     [("standard-4", "Agree a team template for recording outcomes in the person's own words", "practitioner@example.org", -120)]),
    ("North Locality Team, autumn", "North Locality Team", 10, "champion@example.org",
     ["champion@example.org", "practitioner@example.org"],
     {"standard-1": (4, [4, 4]), "standard-3": (4, [4, 5]), "standard-4": (3, [3, 4]), "standard-6": (3, [2, 4]),
      "standard-12": (5, [5, 5])},
     set(),
     [("standard-4", "Audit ten support plans for outcomes in the person's own words", "practitioner@example.org", 60),
      ("standard-6", "Run a risk enablement session at the team meeting", "champion@example.org", 30)]),
    ("South Locality Team, autumn", "South Locality Team", 30, "champion2@example.org",
     ["champion2@example.org", "morag.fraser@example.org"],
     {"standard-1": (2, [2, 3]), "standard-3": (4, [4, 4]), "standard-4": (3, [3, 2]), "standard-6": (2, [2, 2]),
      "standard-12": (3, [3, 4])},
     {"standard-6"},
     [("standard-1", "Invite the independent support provider to the team meeting", "champion2@example.org", 45)]),
]


def _id_by_title(model, title):
    return db.session.scalar(select(model.id).where(model.title == title))


def seed() -> None:
    """Add the demo evaluations that are missing (needs the demo accounts, practice examples and questions)."""
    seed_taxonomy()
    tags = {t.slug: t for t in db.session.scalars(select(Tag).where(Tag.kind == "standard"))}
    existing = set(db.session.scalars(select(SelfEvaluation.title)))
    previous = {}
    for title, team_name, days, lead_email, emails, ratings, thin, actions in EVALUATIONS:
        team = db.session.scalar(select(Team).where(Team.name == team_name))
        lead = User.by_email(lead_email)
        people = [User.by_email(e) for e in emails]
        if team is None or lead is None or None in people:
            continue
        if title in existing:
            previous[team_name] = db.session.scalar(select(SelfEvaluation).where(SelfEvaluation.title == title))
            continue
        published = utcnow() - timedelta(days=days)
        evaluation = SelfEvaluation(
            title=title, scope="team", scope_key=scope_key("team", [team.id]), status="published",
            visibility="staff", lead=lead, teams=[team], contributors=people, previous=previous.get(team_name),
            created_at=published - timedelta(days=21), updated_at=published, published_at=published)
        db.session.add(evaluation)
        for position, slug in enumerate(STANDARDS, 1):
            agreed, given = ratings[slug]
            standard = EvaluationStandard(tag=tags[slug], position=position, agreed_rating=agreed,
                                          agreed_by_id=lead.id, agreed_at=published - timedelta(days=1))
            _words(standard, "agreed_reason", WHY[agreed])
            _words(standard, "strengths", "Good conversations about what matters to people.")
            _words(standard, "improvements", "Make this consistent across the whole team.")
            for person, value in zip(people, given):
                rating = ContributorRating(contributor_id=person.id, rating=value,
                                           updated_at=published - timedelta(days=3))
                _words(rating, "looks_like", WHY[value])
                standard.ratings.append(rating)
            _evidence(standard, slug, lead, text_only=slug in thin)
            evaluation.standards.append(standard)
        db.session.flush()
        for slug, what, owner_email, due_in in actions:
            standard = next(s for s in evaluation.standards if s.tag.slug == slug)
            owner = User.by_email(owner_email)
            done = due_in < 0
            action = Action(what=what, owner_id=owner.id, due_on=to_local(utcnow()).date() + timedelta(days=due_in),
                            status="done" if done else "open",
                            done_on=to_local(utcnow()).date() + timedelta(days=due_in - 5) if done else None)
            db.session.add(ImprovementAction(standard=standard, action=action))
        previous[team_name] = evaluation
        search.enqueue("selfeval", evaluation.id)
    db.session.flush()


def _words(obj, name: str, text: str) -> None:
    setattr(obj, name, text)
    setattr(obj, f"{name}_html", str(markdown.render(text)))


def _evidence(standard: EvaluationStandard, slug: str, by: User, *, text_only: bool) -> None:
    example, question = EVIDENCE[slug]
    found = Evidence(kind="text", added_by_id=by.id)
    _words(found, "text", "Case-file audit of 20 support plans: what matters to the person was recorded in most of them.")
    standard.evidence.append(found)
    if text_only:
        return
    for kind, model, title in (("practice_example", PracticeExample, example), ("question", Question, question)):
        object_id = _id_by_title(model, title)
        if object_id is not None:
            standard.evidence.append(Evidence(kind=kind, object_id=object_id, added_by_id=by.id))
