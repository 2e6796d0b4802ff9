"""Self-evaluations: loading as a person may, starting from the last snapshot, publishing and telling people."""
from __future__ import annotations

from flask import abort, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from champions import audit, permissions, search
from champions.auth.models import Team, User
from champions.extensions import db
from champions.moderation.held import title_clear
from champions.notifications.service import notify, set_subject_visibility
from champions.questions.models import Tag
from champions.revisions.models import Revision
from champions.meetings.models import Action
from champions.selfeval.models import (ContributorRating, EvaluationStandard, Evidence, ImprovementAction,
                                       SelfEvaluation)
from champions.timeutil import to_local, utcnow


def get_evaluation_or_404(evaluation_id: int, action: str = "read") -> SelfEvaluation:
    """Load an evaluation the current user may read (404 otherwise), then check the action (403)."""
    return permissions.get_or_404(SelfEvaluation, evaluation_id, "selfeval.read", f"selfeval.{action}")


def get_standard_or_404(evaluation: SelfEvaluation, standard_id: int) -> EvaluationStandard:
    """One of this evaluation's standards (404 for any other)."""
    standard = db.session.get(EvaluationStandard, standard_id)
    if standard is None or standard.evaluation_id != evaluation.id:
        abort(404)
    return standard


def _load_options():
    # The few teams and contributors are joined to the evaluation's row, and the ratings to their standard's.
    return (joinedload(SelfEvaluation.teams), joinedload(SelfEvaluation.contributors),
            joinedload(SelfEvaluation.lead), joinedload(SelfEvaluation.previous),
            selectinload(SelfEvaluation.standards).options(
                joinedload(EvaluationStandard.tag), joinedload(EvaluationStandard.agreed_by),
                joinedload(EvaluationStandard.ratings).joinedload(ContributorRating.contributor),
                selectinload(EvaluationStandard.evidence),
                selectinload(EvaluationStandard.action_links).joinedload(ImprovementAction.action)
                .joinedload(Action.owner)))


def get_loaded_or_404(evaluation_id: int) -> SelfEvaluation:
    """`get_evaluation_or_404` with everything the evaluation page shows, in a fixed number of queries.

    The evaluation it started from comes in the same queries, as a second row: the page shows its ratings
    and asks whether the reader may read it (from its contributors).
    """
    started_from = select(SelfEvaluation.previous_id).where(SelfEvaluation.id == evaluation_id).scalar_subquery()
    loaded = db.session.scalars(
        select(SelfEvaluation).where(or_(SelfEvaluation.id == evaluation_id, SelfEvaluation.id == started_from))
        .execution_options(populate_existing=True).options(*_load_options())).unique().all()
    # Found in the session while `loaded` holds it (the session holds objects weakly): no query here. The
    # evaluation it started from stays loaded as `evaluation.previous`.
    return permissions.get_or_404(SelfEvaluation, evaluation_id, "selfeval.read")


def corrections(standards: list[EvaluationStandard]) -> dict[int, list]:
    """The earlier versions kept by corrections after publishing, newest first, by standard id: one query, and
    none when nothing was corrected (a correction sets `corrected_at` as it keeps the earlier version)."""
    corrected = [s for s in standards if s.corrected_at is not None]
    if not corrected:
        return {}
    found: dict[int, list] = {}
    for standard_id, version in db.session.execute(
            select(EvaluationStandard.id, Revision).join(EvaluationStandard.revisions)
            .where(EvaluationStandard.id.in_([s.id for s in corrected]))
            .order_by(Revision.created_at.desc(), Revision.id.desc())):
        found.setdefault(standard_id, []).append(version)
    return found


def standards() -> list[Tag]:
    """The SDS standards (taxonomy tags of kind "standard"), newest edition first, in number order."""
    return list(db.session.scalars(select(Tag).where(Tag.kind == "standard")
                                   .order_by(Tag.edition.desc(), Tag.sort_order, Tag.name)))


def teams() -> list[Team]:
    return list(db.session.scalars(select(Team).options(joinedload(Team.organisation)).order_by(Team.name)))


def possible_contributors() -> list[User]:
    """Members who may be asked to contribute: champions first, then staff, then partners (an independent
    support organisation may help a partnership judge itself)."""
    people = db.session.scalars(select(User).where(User.is_member).order_by(User.display_name)).all()
    order = {"admin": 0, "champion": 0, "practitioner": 1, "partner": 2}
    return sorted(people, key=lambda u: (order.get(u.role, 3), u.display_name.lower()))


def scope_key(scope: str, team_ids) -> str:
    """What makes evaluations snapshots of the same thing: "team:3", "teams:3,5" or "partnership"."""
    if scope == "partnership":
        return "partnership"
    return f"{scope}:{','.join(str(i) for i in sorted(set(team_ids)))}"


def last_published(key: str, before: SelfEvaluation | None = None) -> SelfEvaluation | None:
    """The latest published evaluation of this scope (earlier than `before` when given)."""
    query = select(SelfEvaluation).where(SelfEvaluation.scope_key == key, SelfEvaluation.status == "published")
    if before is not None and before.id is not None:
        query = query.where(SelfEvaluation.id != before.id, SelfEvaluation.created_at <= before.created_at)
    return db.session.scalar(query.order_by(SelfEvaluation.published_at.desc(), SelfEvaluation.id.desc()).limit(1))


def start(lead, *, title: str, scope: str, team_list: list[Team], tags: list[Tag], contributors: list[User],
          visibility: str) -> SelfEvaluation:
    """A new evaluation; when the scope was evaluated before, it starts from the last published snapshot."""
    key = scope_key(scope, [t.id for t in team_list])
    previous = last_published(key)
    evaluation = SelfEvaluation(title=title, scope=scope, scope_key=key, visibility=visibility, lead=lead,
                                previous=previous, teams=list(team_list), contributors=list(contributors))
    db.session.add(evaluation)
    earlier = {s.tag_id: s for s in previous.standards} if previous else {}
    for position, tag in enumerate(tags, 1):
        standard = EvaluationStandard(tag=tag, position=position)
        before = earlier.get(tag.id)
        if before is not None:
            # The last snapshot's strengths and areas for improvement are the starting point, to revise.
            standard.strengths, standard.strengths_html = before.strengths, before.strengths_html
            standard.improvements, standard.improvements_html = before.improvements, before.improvements_html
        evaluation.standards.append(standard)
    db.session.flush()
    permissions.forget_user_groups()  # the contributors are members now
    changed(evaluation)
    audit.record(lead, "selfeval.start", evaluation, summary=title)
    label = permissions.EVALUATION.access_label(evaluation)
    notify(contributors, kind="selfeval_invited", title=f"You are asked to contribute: {title}" if title_clear(title)
           else "You are asked to contribute to a self-evaluation",
           url=url_for("selfeval.detail", evaluation_id=evaluation.id), visibility=label, actor=lead,
           subject=f"selfeval:{evaluation.id}")
    return evaluation


def previous_ratings(evaluation: SelfEvaluation) -> dict[int, int | None]:
    """The agreed rating of each standard in the snapshot this one started from, by tag id."""
    if evaluation.previous is None:
        return {}
    return {s.tag_id: s.agreed_rating for s in evaluation.previous.standards}


def change_text(before: int | None, now: int | None) -> str:
    """"Up 1 (3 to 4)", "No change (4)", "Down 2 (5 to 3)" or "" when either is missing."""
    if before is None or now is None:
        return ""
    if before == now:
        return f"No change ({now})"
    step = now - before
    return f"{'Up' if step > 0 else 'Down'} {abs(step)} ({before} to {now})"


def publish(evaluation: SelfEvaluation, user) -> None:
    """Publish: its chosen audience may read it now, and is told."""
    evaluation.status, evaluation.published_at = "published", utcnow()
    changed(evaluation)
    label = permissions.EVALUATION.access_label(evaluation)
    set_subject_visibility(f"selfeval:{evaluation.id}", label)
    title = f"Self-evaluation published: {evaluation.title}" if title_clear(evaluation.title) \
        else "A self-evaluation was published"
    notify(db.session.scalars(permissions.recipients(label)), kind="selfeval_published", title=title,
           url=url_for("selfeval.detail", evaluation_id=evaluation.id), visibility=label, actor=user,
           subject=f"selfeval:{evaluation.id}")
    audit.record(user, "selfeval.publish", evaluation, summary=evaluation.title,
                 after={"visibility": evaluation.visibility})


def unrated(evaluation: SelfEvaluation) -> list[EvaluationStandard]:
    """Standards with no agreed rating yet (publishing waits for them)."""
    return [s for s in evaluation.standards if s.agreed_rating is None]


def readable_evidence(standard: EvaluationStandard, reader) -> tuple[list[tuple[Evidence, object]], int]:
    """The standard's live evidence as this reader may see it, and how many links they may not see."""
    return readable_evidence_of([standard], reader)[standard.id]


def readable_evidence_of(standards: list[EvaluationStandard], reader) -> dict[int, tuple[list, int]]:
    """readable_evidence() for each of these standards, by id: the links of each kind resolved in one go."""
    from champions.selfeval import evidence as kinds

    links = kinds.resolve_many([(item.kind, item.object_id) for standard in standards
                                for item in standard.live_evidence if item.kind != "text"], reader)
    found = {}
    for standard in standards:
        shown, hidden = [], 0
        for item in standard.live_evidence:
            if item.kind == "text":
                shown.append((item, None))
                continue
            link = links.get((item.kind, item.object_id))
            if link is None or not link.visible:
                hidden += 1
            else:
                shown.append((item, link))
        found[standard.id] = (shown, hidden)
    return found


def changed(evaluation: SelfEvaluation) -> None:
    """Note a change: the evaluation's time, and its search document (in the same transaction)."""
    evaluation.updated_at = utcnow()
    search.enqueue("selfeval", evaluation.id)


def local_date(moment):
    return to_local(moment).date() if moment else None
