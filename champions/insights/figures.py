"""The built-in insight figures: questions, answers, tags, induction, practice examples and resources, meeting
actions.

Each is one or two aggregate queries. Counts are of content out in the open (not hidden, withdrawn, held
or in draft), from the audiences in the rulebook, so the figures match what the lists show.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from statistics import median

from flask import current_app
from sqlalchemy import and_, case, distinct, func, or_, select, true
from sqlalchemy.orm import joinedload

from champions.auth.models import Team, User
from champions.extensions import db
from champions.induction.report import report_rows
from champions.insights.panels import Figure, Filters, panel
from champions.insights.workdays import WorkingDays, local_date
from champions.meetings.models import Action, Meeting
from champions.permissions import ANSWER, CHAMPION_ROLES, MEETING, PRACTICE_EXAMPLE, QUESTION, RESOURCE
from champions.practice.models import PracticeExample, practice_example_tag
from champions.questions.models import Answer, Question, Tag, question_tags
from champions.resources.models import Resource, resource_tag
from champions.timeutil import LONDON, to_local, utcnow

QUEUE_BUCKETS = ((1, "Up to 1 working day"), (5, "2 to 5 working days"), (10, "6 to 10 working days"),
                 (20, "11 to 20 working days"), (None, "Over 20 working days"))
RESPONSE_BUCKETS = ((0, "Same day"), (1, "1 working day"), (2, "2 working days"), (5, "3 to 5 working days"),
                    (10, "6 to 10 working days"), (None, "Over 10 working days"))
TOP_TAGS = 15


def bounds(filters: Filters) -> tuple[datetime, datetime]:
    """The period as UTC timestamps: from the start day's midnight to the midnight after the end day."""
    start = datetime.combine(filters.start, time(), LONDON)
    end = datetime.combine(filters.end + timedelta(days=1), time(), LONDON)
    return start, end


def in_team(user_column, filters: Filters):
    """SQL: the person in this column is in the chosen team (true when no team is chosen)."""
    if not filters.team_id:
        return true()
    return user_column.in_(select(User.id).where(User.team_id == filters.team_id))


def target_days() -> int:
    """ANSWER_TARGET_WORKING_DAYS from the configuration."""
    return int(current_app.config.get("ANSWER_TARGET_WORKING_DAYS", 5))


def asked_in_period(filters: Filters) -> list[tuple[datetime, datetime | None]]:
    """(asked at, first champion answer at) for each open question asked in the period.

    Two queries merged here: SQLite joins a grouped subquery to 5,000 questions three times slower.
    """
    start, end = bounds(filters)
    period = (Question.created_at >= start, Question.created_at < end, in_team(Question.author_id, filters))
    asked = db.session.execute(select(Question.id, Question.created_at).where(QUESTION.open_clause(), *period)).all()
    # Each question's first answer by a champion or admin that is out in the open.
    first = dict(db.session.execute(
        select(Answer.question_id, func.min(Answer.created_at))
        .join(User, Answer.author_id == User.id).join(Question, Question.id == Answer.question_id)
        .where(*period, User.role.in_(CHAMPION_ROLES), Answer.hidden.is_(False), Answer.held.is_(False),
               Answer.withdrawn_at.is_(None))
        .group_by(Answer.question_id)).all())
    return [(created, first.get(question_id)) for question_id, created in asked]


def midnight(day: date) -> datetime:
    """The start of a Europe/London day."""
    return datetime.combine(day, time(), LONDON)


def _bucket(days: int, buckets) -> str:
    for limit, label in buckets:
        if limit is None or days <= limit:
            return label
    return buckets[-1][1]


@panel("questions-per-month", "Questions asked each month",
       "Questions asked in the period by the month they were asked (withdrawn, hidden and held questions "
       "are not counted).", order=10)
def questions_per_month(filters: Filters) -> Figure:
    """Questions asked per month (Europe/London months), counted in one row of sums."""
    start, end = bounds(filters)
    edges, day = [], filters.start.replace(day=1)
    while day <= filters.end:
        following = (day + timedelta(days=32)).replace(day=1)
        edges.append((f"{day:%B %Y}", max(midnight(day), start), min(midnight(following), end)))
        day = following
    sums = [func.sum(case((and_(Question.created_at >= low, Question.created_at < high), 1), else_=0))
            for _, low, high in edges]
    query = select(*sums).where(QUESTION.open_clause(), Question.created_at >= start, Question.created_at < end,
                                in_team(Question.author_id, filters))
    counts = db.session.execute(query).one()
    rows = [(label, int(count or 0)) for (label, _, _), count in zip(edges, counts)]
    total = sum(count for _, count in rows)
    return Figure(("Month", "Questions asked"), rows, summary=[f"{total} questions asked in the period."])


@panel("first-answer", "Time to the first champion answer",
       "How long questions asked in the period waited for their first answer from an SDS Champion, in "
       "working days (Monday to Friday, not Scottish bank holidays).", order=20)
def first_answer(filters: Filters) -> Figure:
    """Median working days to the first champion answer and the share within the target."""
    pairs = asked_in_period(filters)
    today = to_local(utcnow()).date()
    target = target_days()
    # Each timestamp is turned into its Europe/London day once.
    dated = [(local_date(asked), local_date(answered) if answered is not None else None) for asked, answered in pairs]
    days = WorkingDays(min([asked for asked, _ in dated], default=today), today + timedelta(days=1))
    waits = [days.between(asked, answered) for asked, answered in dated if answered is not None]
    waiting = [days.between(asked, today) for asked, answered in dated if answered is None]
    overdue_waiting = sum(1 for d in waiting if d > target)
    within = sum(1 for d in waits if d <= target)
    decided = len(waits) + overdue_waiting
    counts = Counter(_bucket(d, RESPONSE_BUCKETS) for d in waits)
    rows = [(label, counts.get(label, 0)) for _, label in RESPONSE_BUCKETS]
    rows.append(("Still waiting", len(waiting)))
    summary = [f"{len(waits)} of {len(pairs)} questions asked in the period have a champion answer."]
    if waits:
        summary.append(f"Median time to the first champion answer: {median(waits):g} working days.")
    if decided:
        summary.append(f"{round(100 * within / decided)}% answered within the target of {target} working days "
                       f"({within} of {decided}; questions still waiting count once the target has passed).")
    return Figure(("Time to first champion answer", "Questions"), rows, summary=summary,
                  empty="No questions asked in this period.")


@panel("queue", "Questions waiting for a champion, by age",
       "Open questions with no answer from an SDS Champion yet, today, by how long they have waited "
       "(the date range does not apply; the team is the asker's).", order=30)
def queue_by_age(filters: Filters) -> Figure:
    """The questions awaiting a champion now, by age in working days: one row of sums over day thresholds."""
    today = to_local(utcnow()).date()
    days = WorkingDays(today - timedelta(days=60), today)
    # Waits only grow as the day asked goes back: for each limit, the earliest day still within it.
    thresholds = []
    for limit, _ in QUEUE_BUCKETS[:-1]:
        day = today
        while days.between(day - timedelta(days=1), today) <= limit:
            day -= timedelta(days=1)
        thresholds.append(midnight(day))
    sums = [func.sum(case((Question.created_at >= t, 1), else_=0)) for t in thresholds]
    query = select(func.count(Question.id), *sums).where(
        Question.has_champion_answer.is_(False), Question.closed_reason == "", QUESTION.open_clause(),
        in_team(Question.author_id, filters))
    total, *within = (int(v or 0) for v in db.session.execute(query).one())
    cumulative = within + [total]
    counts = [cumulative[0]] + [cumulative[i] - cumulative[i - 1] for i in range(1, len(cumulative))]
    rows = [(label, count) for (_, label), count in zip(QUEUE_BUCKETS, counts)]
    return Figure(("Waiting for", "Questions"), rows, summary=[f"{total} questions waiting for a champion."])


@panel("answers-per-champion", "Answers by each champion",
       "Answers each SDS Champion (and admin) gave in the period, in alphabetical order: a picture of the "
       "workload, not a league table.", order=40)
def answers_per_champion(filters: Filters) -> Figure:
    """Answers per champion in the period, alphabetically (champions with none are listed too): one query."""
    start, end = bounds(filters)
    answered = and_(Answer.author_id == User.id, Answer.created_at >= start, Answer.created_at < end,
                    ANSWER.open_clause())
    rows = [(name, int(count)) for name, count in db.session.execute(
        select(User.display_name, func.count(Answer.id))
        .outerjoin(Answer, answered)
        .where(User.is_member, User.role.in_(CHAMPION_ROLES), in_team(User.id, filters))
        .group_by(User.id, User.display_name)
        .order_by(User.display_name, User.id))]
    return Figure(("Champion", "Answers"), rows, summary=[f"{sum(c for _, c in rows)} answers by champions."],
                  empty="No champions.")


@panel("tags", "Topics and tags most asked about",
       "Tags on questions asked in the period, most used first, beside the same length of time before it "
       "(rising when more than before).", order=50)
def tags_most_asked(filters: Filters) -> Figure:
    """The most used tags in the period, with the previous period of the same length for comparison."""
    start, end = bounds(filters)
    before = start - (end - start)
    now = case((Question.created_at >= start, 1), else_=0)
    then = case((Question.created_at < start, 1), else_=0)
    query = (select(Tag.name, Tag.kind, func.sum(now).label("now"), func.sum(then).label("then"))
             .select_from(question_tags)
             .join(Question, Question.id == question_tags.c.question_id)
             .join(Tag, Tag.id == question_tags.c.tag_id)
             .where(QUESTION.open_clause(), Question.created_at >= before, Question.created_at < end,
                    in_team(Question.author_id, filters))
             .group_by(Tag.id, Tag.name, Tag.kind)
             .having(func.sum(now) > 0)
             .order_by(func.sum(now).desc(), Tag.name).limit(TOP_TAGS))
    rows = []
    for name, kind, current, previous in db.session.execute(query):
        change = "Rising" if current > previous else ("Falling" if current < previous else "Steady")
        rows.append((name, int(current), int(previous or 0), change))
    return Figure(("Tag", "Questions in the period", "Questions in the period before", "Trend"), rows,
                  empty="No tagged questions in this period.")


@panel("induction", "Induction by team",
       "Everyone assigned the core induction, by team, today (as the induction report counts them; the date "
       "range does not apply).", order=60)
def induction_by_team(filters: Filters) -> Figure:
    """Induction completion and overdue by team, from the induction report's rows."""
    per_team: dict[str, Counter] = {}
    for row in report_rows(team_id=filters.team_id):
        team = row.user.team.name if row.user.team else "No team"
        per_team.setdefault(team, Counter())[row.status] += 1
    rows = []
    for team in sorted(per_team, key=lambda t: (t == "No team", t)):
        c = per_team[team]
        rows.append((team, c["completed"], sum(c.values()), c["overdue"], c["in_progress"], c["not_started"]))
    return Figure(("Team", "Completed", "Assigned", "Overdue", "In progress", "Not started"), rows,
                  empty="No one has been assigned the induction.")


@panel("practice", "Practice examples and resources by standard and option",
       "Published practice examples and library resources tagged with each SDS standard and option, today "
       "(the team is the author's). Standards with none are gaps to fill.", order=70)
def practice_by_standard(filters: Filters) -> Figure:
    """Published practice examples and resources per standard and option, including those with none: one query."""
    published = and_(PracticeExample.id == practice_example_tag.c.example_id, PRACTICE_EXAMPLE.open_clause(),
                     in_team(PracticeExample.author_id, filters))
    in_library = and_(Resource.id == resource_tag.c.resource_id, RESOURCE.open_clause(),
                      in_team(Resource.author_id, filters))
    examples, resources = func.count(distinct(PracticeExample.id)), func.count(distinct(Resource.id))
    query = (select(Tag.name, Tag.kind, Tag.edition, examples, resources)
             .select_from(Tag)
             .outerjoin(practice_example_tag, practice_example_tag.c.tag_id == Tag.id)
             .outerjoin(PracticeExample, published)
             .outerjoin(resource_tag, resource_tag.c.tag_id == Tag.id)
             .outerjoin(Resource, in_library)
             .where(Tag.kind.in_(("standard", "option")))
             .group_by(Tag.id, Tag.name, Tag.kind, Tag.edition, Tag.sort_order)
             .order_by(Tag.kind.desc(), Tag.sort_order, Tag.name))
    rows, no_example, no_resource, neither = [], [], [], []
    for name, kind, edition, example_count, resource_count in db.session.execute(query):
        label = f"{name} ({edition} edition)" if kind == "standard" and edition else name
        rows.append((label, example_count + resource_count, example_count, resource_count,
                     "Standard" if kind == "standard" else "SDS option"))
        if kind == "standard":
            for gaps, count in ((no_example, example_count), (no_resource, resource_count),
                                (neither, example_count + resource_count)):
                if not count:
                    gaps.append(label)
    summary = [f"Standards with no published practice example: {', '.join(no_example)}." if no_example
               else "Every standard has at least one published practice example.",
               f"Standards with no published resource: {', '.join(no_resource)}." if no_resource
               else "Every standard has at least one published resource."]
    if neither:
        summary.append(f"Standards with neither: {', '.join(neither)}.")
    return Figure(("Standard or option", "Practice examples and resources", "Published practice examples",
                   "Published resources", "Kind"), rows, summary=summary,
                  empty="No standards or options in the taxonomy.")


@panel("actions", "Meeting actions",
       "Actions from published champions' meetings: open and overdue today, and done in the period (the "
       "team is the action owner's).", order=80)
def meeting_actions(filters: Filters) -> Figure:
    """Open, overdue and done actions in one query."""
    today = to_local(utcnow()).date()
    overdue = and_(Action.status == "open", Action.due_on.isnot(None), Action.due_on < today)
    open_now = and_(Action.status == "open", or_(Action.due_on.is_(None), Action.due_on >= today))
    done = and_(Action.status == "done", Action.done_on >= filters.start, Action.done_on <= filters.end)
    query = (select(func.sum(case((open_now, 1), else_=0)), func.sum(case((overdue, 1), else_=0)),
                    func.sum(case((done, 1), else_=0)))
             .select_from(Action).join(Meeting, Meeting.id == Action.meeting_id)
             .where(MEETING.open_clause(), in_team(Action.owner_id, filters)))
    open_count, overdue_count, done_count = (int(v or 0) for v in db.session.execute(query).one())
    rows = [("Open, not yet due", open_count), ("Open and overdue", overdue_count), ("Done in the period", done_count)]
    return Figure(("Actions", "Number"), rows)


def teams() -> list[Team]:
    """Every team, for the filter."""
    return list(db.session.scalars(select(Team).options(joinedload(Team.organisation)).order_by(Team.name)))


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months ago to today."""
    today = today or to_local(utcnow()).date()
    month = today.month - 11
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1), today
