"""Demo meetings: six months of notes with regular updates, linked questions and actions, and the next meeting."""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from champions import search
from champions.auth.demo import ensure_user
from champions.auth.models import User
from champions.extensions import db
from champions.markdown import render
from champions.meetings.models import (Action, AgendaItem, IssueIdentified, Meeting, MeetingApology,
                                       MeetingAttendee, MeetingGuest, StandingUpdate, default_title)
from champions.timeutil import to_local, utcnow

STANDING_UPDATES = [
    ("Finance update", "Finance team: direct payments, audit returns and charging"),
    ("Carers' support update", "Tayside Carers' Centre"),
    ("Independent support update", "Independent Support Tayside"),
]

# Per month (oldest first): finance, carers' support, independent support notes, a free item, its decisions.
MONTHS = [
    ("Direct payment audit returns for the half year are due at the end of next month. Finance will send "
     "reminders to people using Option 1; practitioners should mention the return at reviews.",
     "The carers' centre has opened applications for **short breaks** funding. Carers can apply directly; "
     "a referral from us is not needed.",
     "Independent support workers can now help people draft their support plan before the review meeting.",
     "Recording personal outcomes", "Use the Talking Points outcomes in review paperwork from next month."),
    ("Finance explained the draft **charging policy** consultation: non-residential charges may change next "
     "year. Champions will share the consultation link with teams.",
     "Short breaks: demand is high over the summer. The centre asks for early conversations with carers.",
     "The independent support provider ran a drop-in for people thinking about employing a Personal Assistant.",
     "Good conversations in practice", "Share two practice examples on strengths-based assessment."),
    ("Audit returns: most are in. Finance reminded us that unspent direct payment money over the agreed "
     "contingency is recovered after the audit, so flag changes in need early.",
     "The carers' centre now offers a carer's budget conversation by phone.",
     "Independent support can attend a review when the person asks; book at least two weeks ahead.",
     "Delegated authority limits", "Champions to check the limits quoted on the Hub match local guidance."),
    ("Finance confirmed the new rates for Personal Assistants from April. Letters will go to everyone "
     "employing a PA.",
     "Short breaks funding is nearly spent for the year; the centre will keep a waiting list.",
     "The provider is recruiting volunteers for peer support between people using Option 1.",
     "Induction for new starters", "New starters complete the SDS induction in their first month."),
    ("Charging policy: the consultation closed. Finance will report the outcome at a later meeting.",
     "Carers' centre reported a rise in young carers asking for support at transition.",
     "Independent support shared easy-read information on the four SDS options.",
     "Transitions to adult services", "Start planning conversations at 14, as the standards expect."),
    ("Direct payment audit returns for the new half year open next month; the form is shorter.",
     "The carers' centre has a new short breaks directory for the area.",
     "Independent support worker attendance at reviews is now recorded, so we can see demand.",
     "Risk enablement", "Champions will run a short session on risk enablement at team meetings."),
]

ACTION_TEXTS = [
    "Share the audit return reminder with locality teams",
    "Circulate the charging policy consultation link",
    "Check delegated authority limits quoted on the Hub",
    "Ask finance for the new Personal Assistant rates letter",
    "Arrange a risk enablement session for the South team",
    "Collect two practice examples on good conversations",
]

QUESTION_HINTS = ["direct payment", "carer", "personal assistant", "option 2", "respite", "charging"]


def _first_thursday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(3 - day.weekday()) % 7)


def _month_back(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


def _standing_updates() -> list[StandingUpdate]:
    updates = []
    for position, (title, description) in enumerate(STANDING_UPDATES, start=1):
        update = db.session.scalar(select(StandingUpdate).where(StandingUpdate.title == title))
        if update is None:
            update = StandingUpdate(title=title, description=description, position=position)
            db.session.add(update)
        updates.append(update)
    db.session.flush()
    return updates


def _question(hint: str):
    try:
        from champions.questions.models import Question
    except ImportError:  # questions not installed: meetings still seed
        return None
    from champions.permissions import QUESTION

    return db.session.scalar(select(Question).where(Question.title.ilike(f"%{hint}%"), QUESTION.open_clause())
                             .order_by(Question.id).limit(1))


def _item(meeting, position, title, kind, notes="", decisions="", **refs) -> AgendaItem:
    item = AgendaItem(meeting=meeting, position=position, title=title, kind=kind, notes=notes,
                      notes_html=str(render(notes)), decisions=decisions, decisions_html=str(render(decisions)),
                      **refs)
    db.session.add(item)
    return item


def _meeting(day: date, visibility: str, status: str, people: list[User], creator: User) -> Meeting:
    meeting = Meeting(title=default_title(day), status=status, visibility=visibility, place="Room 2, Pullar House",
                      online_link="https://teams.example.org/sds-champions", created_by_id=creator.id)
    meeting.set_times(day, time(10, 0), time(12, 0))
    if status == "published":
        # Past notes were published a couple of days after the meeting; a future agenda today.
        meeting.published_at = min(utcnow(), meeting.starts_at + timedelta(days=2))
    meeting.attendees = [MeetingAttendee(user_id=p.id) for p in people]
    meeting.guests = [MeetingGuest(name="Sam Reid", organisation="Finance team"),
                      MeetingGuest(name="Morag Duncan", organisation="Tayside Carers' Centre")]
    meeting.apologies = [MeetingApology(name="Locality manager, South")]
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _notes(meeting: Meeting, month: int, updates, owners: list[User], today: date) -> None:
    finance, carers, independent, free_title, decision = MONTHS[month]
    for position, (update, notes) in enumerate(zip(updates, (finance, carers, independent)), start=1):
        item = _item(meeting, position, update.title, "standing_update", notes, standing_update_id=update.id)
        question = _question(QUESTION_HINTS[(month + position) % len(QUESTION_HINTS)])
        if question is not None and position == 1:
            item.questions.append(question)
    _item(meeting, 4, free_title, "free", "Champions shared what they see in their teams.", decision)
    question = _question(QUESTION_HINTS[month % len(QUESTION_HINTS)])
    db.session.add(IssueIdentified(
        meeting=meeting, text="Practitioners are unsure where to find the current guidance on this; "
                              "champions to ask for it to be added to the induction.",
        text_html=str(render("Practitioners are unsure where to find the current guidance on this; champions "
                             "to ask for it to be added to the induction.")),
        questions=[question] if question is not None else []))
    owner = owners[month % len(owners)]
    due = meeting.date + timedelta(days=28)
    done = month < 3 and month != 1
    db.session.add(Action(meeting=meeting, what=ACTION_TEXTS[month], owner_id=owner.id, due_on=due,
                          status="done" if done else "open", done_on=due - timedelta(days=3) if done else None))
    if month == 5:  # an extra action due soon, still open
        db.session.add(Action(meeting=meeting, what="Report back on short breaks waiting times", owner_id=owners[0].id,
                              due_on=max(today + timedelta(days=14), due)))


def seed() -> None:
    """Six past monthly meetings (staff, one partners, one champions only) and the next one as a draft."""
    champion = User.by_email("champion@example.org")
    admin = User.by_email("admin@example.org")
    practitioner = User.by_email("practitioner@example.org")
    if champion is None or admin is None:
        return
    org, team = champion.organisation, champion.team
    second = ensure_user("champion2@example.org", "Jamie Fraser", "champion",
                         "Occupational therapist and SDS Champion", org, team, 700)
    updates = _standing_updates()
    today = to_local(utcnow()).date()
    people = [champion, second, admin] + ([practitioner] if practitioner else [])
    for months_back in range(6, 0, -1):
        day = _first_thursday(*_month_back(today, months_back))
        if db.session.scalar(select(Meeting).where(Meeting.date == day)):
            continue
        visibility = {2: "partners", 4: "champions"}.get(months_back, "staff")
        meeting = _meeting(day, visibility, "published", people, champion)
        _notes(meeting, 6 - months_back, updates, [champion, second, admin], today)
        db.session.flush()
        search.enqueue("meeting", meeting.id)
    next_day = _first_thursday(today.year, today.month)
    if next_day < today:
        next_day = _first_thursday(*_month_back(today, -1))
    if not db.session.scalar(select(Meeting).where(Meeting.date == next_day)):
        meeting = _meeting(next_day, "staff", "published", [champion, second], champion)
        for position, update in enumerate(updates, start=1):
            _item(meeting, position, update.title, "standing_update", standing_update_id=update.id)
        db.session.flush()
        search.enqueue("meeting", meeting.id)
