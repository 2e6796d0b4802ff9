"""Demo workshops: one complete chain (two team exercises, the managers' exercise that takes their items, the
senior managers' exercise with three quick wins and an authority action plan, published as "you said, we did")
and one team exercise still in progress."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from champions import markdown
from champions.auth.demo import ensure_user
from champions.auth.models import Team, User
from champions.extensions import db
from champions.workshops import service
from champions.workshops.models import Card, Cluster, Item, Workshop

NORTH = {
    "advantage": {"Choice for people": ["People choose who supports them", "Families feel listened to"],
                  "Our practice": ["Good conversations, not forms"]},
    "challenge": {
        "Paperwork and finance": ["Direct payment forms take weeks to approve", "Audit returns confuse families"],
        "Knowing the options": ["Nobody explains option 2 clearly", "New staff do not know the options"],
        "Personal assistants": ["Hard to find personal assistants in rural areas"],
    },
}
SOUTH = {
    "advantage": {"Flexible support": ["Budgets can pay for what matters to the person"]},
    "challenge": {
        "Budgets and approval": ["Waiting for budget approval delays support", "Delegated limits are too low"],
        "Working with providers": ["Few providers offer flexible support"],
    },
}
# Per challenge cluster: (our action, managers' action, unresolved, action now).
NORTH_SOLUTIONS = {
    "Paperwork and finance": ("Use one shared checklist for direct payments", "Agree a two-week approval time with finance",
                              None, "Ask finance for the approval timetable"),
    "Knowing the options": ("Each champion runs a ten-minute options slot at team meetings", None,
                            "How to explain option 2 to people with fluctuating capacity", "Book the first options slot"),
    "Personal assistants": (None, "Fund a local personal assistant register", None, None),
}
SOUTH_SOLUTIONS = {
    "Budgets and approval": (None, "Raise delegated authority limits for senior practitioners", None,
                             "Collect three examples of delays"),
    "Working with providers": ("Share a list of providers who offer flexible support", None,
                               "Commissioning rules for small providers", None),
}


def _team_exercise(title, team, people, facilitator, days_ago, board, solutions, owner, status="open"):
    today = service.today()
    workshop = Workshop(kind="team", title=title, held_on=today - timedelta(days=days_ago), team_id=team.id if team else None,
                        facilitator_id=facilitator.id, created_by_id=facilitator.id, visibility="members", status=status)
    db.session.add(workshop)
    service.set_participants(workshop, [p.id for p in people], team.id if team else None)
    db.session.flush()
    for side, clusters in board.items():
        for position, (name, cards) in enumerate(clusters.items(), start=1):
            cluster = Cluster(workshop=workshop, side=side, name=name, position=position)
            db.session.add(cluster)
            for n, text in enumerate(cards):
                db.session.add(Card(workshop=workshop, cluster=cluster, side=side, text=text,
                                    author_id=people[n % len(people)].id))
            db.session.flush()
            if side == "challenge" and name in solutions:
                ours, managers, unresolved, now = solutions[name]
                for section, text in (("our_action", ours), ("managers_action", managers), ("unresolved", unresolved)):
                    if text:
                        db.session.add(Item(workshop=workshop, cluster=cluster, section=section, text=text,
                                            author_id=people[0].id, data={}))
                if now:
                    service.add_action_now(cluster, now, owner.id, today + timedelta(days=21), facilitator)
    db.session.flush()
    return workshop


def _close(workshop, text, days):
    workshop.next_steps = text
    workshop.next_steps_html = str(markdown.render(text))
    workshop.review_on = service.today() + timedelta(days=days)


def seed() -> None:
    """The chain and an exercise in progress (safe to run again: skipped when the demo workshops exist)."""
    champion = User.by_email("champion@example.org")
    practitioner = User.by_email("practitioner@example.org")
    if champion is None or practitioner is None:
        return
    if db.session.scalar(select(Workshop.id).limit(1)) is not None:
        return
    org = champion.organisation
    north = db.session.scalar(select(Team).where(Team.name == "North Locality Team"))
    south = db.session.scalar(select(Team).where(Team.name == "South Locality Team"))
    facilitator = ensure_user("champion2@example.org", "Jamie Fraser", "champion",
                              "Occupational therapist and SDS Champion", org, north, 700)
    north_manager = ensure_user("manager.north@example.org", "Morag Black", "practitioner", "Team manager, North", org, north, 600)
    south_manager = ensure_user("manager.south@example.org", "Sandeep Rao", "practitioner", "Team manager, South", org, south, 600)
    south_worker = ensure_user("worker.south@example.org", "Eilidh Grant", "practitioner", "Social worker", org, south, 500)
    head = ensure_user("head.service@example.org", "Fiona Kerr", "practitioner", "Head of adult social work", org, None, 800)
    finance = ensure_user("finance.lead@example.org", "Callum Reid", "practitioner", "Finance manager", org, None, 800)

    north_ex = _team_exercise("North Locality Team: SDS advantages and challenges", north,
                              [practitioner, champion, north_manager], facilitator, 70, NORTH, NORTH_SOLUTIONS, champion)
    _close(north_ex, "Team managers take our managers' actions and unresolved worries to their exercise next month.", 60)
    south_ex = _team_exercise("South Locality Team: SDS advantages and challenges", south,
                              [south_worker, south_manager], facilitator, 63, SOUTH, SOUTH_SOLUTIONS, south_manager)
    _close(south_ex, "Team managers take our items forward.", 60)

    today = service.today()
    managers = Workshop(kind="managers", title="Team managers: what our teams need", held_on=today - timedelta(days=42),
                        facilitator_id=facilitator.id, created_by_id=facilitator.id, visibility="staff")
    db.session.add(managers)
    service.set_participants(managers, [north_manager.id, south_manager.id], None)
    db.session.flush()
    for source in (north_ex, south_ex):
        service.take_items(managers, source, facilitator)
    starting = {item.text: item for item in managers.items_in("starting")}
    issues = [
        ("A two-week approval time for direct payments", "Finance and social work agree a service standard",
         "Agree a two-week approval time with finance"),
        ("Delegated authority limits", "Raise the limits for senior practitioners",
         "Raise delegated authority limits for senior practitioners"),
        ("A register of personal assistants", "Fund a local register with the PA network",
         "Fund a local personal assistant register"),
        ("Commissioning for small providers", "Review the rules with commissioning",
         "Commissioning rules for small providers"),
    ]
    for text, suggested, origin in issues:
        db.session.add(Item(workshop=managers, section="senior_issue", text=text, data={"suggested": suggested},
                            answers=starting.get(origin), author_id=north_manager.id))
    db.session.add(Item(workshop=managers, section="personal_plan", text="Meet the finance lead every month",
                        author_id=north_manager.id, data={"due_on": (today + timedelta(days=14)).isoformat(),
                                                          "review_on": (today + timedelta(days=90)).isoformat()}))
    db.session.add(Item(workshop=managers, section="seven_step", text="Ask for an early indication of their budget",
                        author_id=south_manager.id, data={"step": "1", "social_workers": "Explain the budget in plain words",
                                                          "unresolved": "Indicative budgets are not published"}))
    _close(managers, "The issues go to senior managers at their exercise.", 45)
    db.session.flush()

    senior = Workshop(kind="senior", title="Senior managers: answering our teams", held_on=today - timedelta(days=14),
                      facilitator_id=facilitator.id, created_by_id=facilitator.id, visibility="staff")
    db.session.add(senior)
    service.set_participants(senior, [head.id, finance.id], None)
    db.session.flush()
    service.take_items(senior, managers, facilitator)
    answers = {
        "A two-week approval time for direct payments": ("quick_win", "Finance commits to approve within ten working days"),
        "Delegated authority limits": ("quick_win", "Limits rise by £100 for each grade from next month"),
        "A register of personal assistants": ("quick_win", "Fund the PA network to run a register for a year"),
        "Commissioning for small providers": ("action", "Commissioning reviews its rules with user-led groups"),
    }
    for item in senior.items_in("starting"):
        kind, answer = answers[item.text]
        item.data = {**item.data, "answer_kind": kind, "answer": answer}
    commissioning = next(i for i in senior.items_in("starting") if i.text.startswith("Commissioning"))
    db.session.add(Item(workshop=senior, section="authority_action", text="Review commissioning rules for small providers",
                        answers=commissioning, author_id=head.id,
                        data={"who": "Head of commissioning", "due_on": (today + timedelta(days=90)).isoformat(),
                              "review_on": (today + timedelta(days=180)).isoformat()}))
    db.session.add(Item(workshop=senior, section="authority_action", text="Publish indicative budgets for each assessed need",
                        author_id=finance.id, data={"who": "Finance manager", "due_on": (today + timedelta(days=120)).isoformat(),
                                                    "review_on": (today + timedelta(days=200)).isoformat()}))
    db.session.add(Item(workshop=senior, section="factor", text="An active independent support organisation",
                        author_id=head.id, data={"where": "external", "reach": "whole", "helps_now": "Helps people plan",
                                                 "helps_in_year": "Could run brokerage", "who": "Commissioning to fund it"}))
    db.session.add(Item(workshop=senior, section="strategic", text="Half of new support arranged as options 1 or 2",
                        author_id=head.id, data={"question": "where", "share_1y": 30, "share_3y": 50}))
    db.session.add(Item(workshop=senior, section="senior_seven_step", text="Tell us early what matters to them",
                        author_id=head.id, data={"step": "2", "social_workers": "Plan around personal outcomes, not services"}))
    _close(senior, "Each action has an owner. We will report back at the champions' meeting.", 90)
    db.session.flush()
    service.publish(senior, "staff", facilitator)

    in_progress = _team_exercise("Hospital discharge team: SDS advantages and challenges", None,
                                 [practitioner, south_worker], champion, 0,
                                 {"challenge": {"Speed of discharge": ["Discharge pressure leaves no time for choice"]}},
                                 {}, champion)
    db.session.add(Card(workshop=in_progress, side="advantage", text="People go home with support they chose",
                        author_id=practitioner.id))
    for workshop in (north_ex, south_ex, managers, senior, in_progress):
        service.changed(workshop)
    db.session.flush()
