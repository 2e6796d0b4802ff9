"""Posts saved over a personal-data warning: held for a champion (CHI, NI) or listed for a look (the rest).

Relies on champions.privacy for scan(text) -> [Finding(kind, text, start, end, certain)]: `certain` is
True for a CHI that passes its check digit and for an NI number. A CHI-shaped number that fails its
check (a mistyped CHI) is an ordinary warning the author may confirm; a certain identifier is not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from champions import audit, privacy
from champions.extensions import db
from champions.moderation.models import GuardOverride
from champions.timeutil import utcnow

WHAT = {"question": "A question", "answer": "An answer"}


def needs_review(finding) -> bool:
    """Is this a finding the author may not confirm alone: a CHI number that passes its check, or an NI number?"""
    return finding.kind in (privacy.CHI, privacy.NI) and finding.certain


def requires_review(findings) -> bool:
    """True when any of these findings must be held for a champion."""
    return any(needs_review(f) for f in findings)


@dataclass
class GuardResult:
    """What the guard found in a form it let through: nothing, or what the author confirmed, by field label."""

    found: dict[str, list] = field(default_factory=dict)

    @property
    def held(self) -> bool:
        return requires_review([f for items in self.found.values() for f in items])

    @property
    def overridden(self) -> bool:
        return bool(self.found)

    def summary(self, only_review: bool = False) -> str:
        """"CHI number in Details; phone number in Your question": kinds and where, never the text."""
        parts = []
        for label, items in self.found.items():
            kinds = []
            for finding in items:
                if finding.kind not in kinds and (needs_review(finding) or not only_review):
                    kinds.append(finding.kind)
            parts += [f"{kind} in {label}" for kind in kinds]
        return "; ".join(parts)[:500]


def guard_result(form, field_names: list[str]) -> GuardResult:
    """Scan the fields of a form privacy.check_form has passed: anything found there the author confirmed."""
    found = {}
    for name in field_names:
        data = form[name].data
        items = privacy.scan(data) if isinstance(data, str) else []
        if items:
            found[form[name].label.text] = items
    return GuardResult(found)


def open_overrides(content_type: str, object_id: int, held: bool | None = None) -> list[GuardOverride]:
    """The unresolved overrides on one post (only the holding ones, or only the others, when `held` is given)."""
    query = select(GuardOverride).where(GuardOverride.content_type == content_type,
                                        GuardOverride.object_id == object_id, GuardOverride.resolved_at.is_(None))
    if held is not None:
        query = query.where(GuardOverride.held.is_(held))
    return list(db.session.scalars(query.order_by(GuardOverride.id)))


def pending(content_type: str, object_id: int) -> bool:
    """Is a champion still to check what the guard found in this post? (Then no title of it goes in a notification.)"""
    return bool(open_overrides(content_type, object_id))


def title_clear(text: str) -> bool:
    """May this title go in a notification (and so an email subject)? Only when the guard finds nothing in it:
    content without its own override record (meeting notes, practice examples) is judged on the title alone."""
    return not privacy.scan(text or "")


def record(result: GuardResult, content_type: str, post, author, event: str = "posted") -> GuardOverride | None:
    """Keep what the author confirmed; when it holds the post, tell the champions (kind and where only)."""
    if not result.overridden:
        return None
    item = GuardOverride(content_type=content_type, object_id=post.id, author_id=author.id, event=event,
                         held=result.held, findings=result.summary(), created_at=utcnow())
    db.session.add(item)
    db.session.flush()
    if item.held:
        _tell_champions(item, author, result.summary(only_review=True))
    return item


def _tell_champions(item: GuardOverride, author, kinds: str) -> None:
    from champions.notifications.service import notify

    from champions.permissions import recipients

    champions = db.session.scalars(recipients("champions"))
    notify(champions, kind="held_for_review", title=f"{WHAT[item.content_type]} is held for a champion to check ({kinds})",
           url=f"/moderation/held#held-{item.id}", visibility="champions", actor=author)


def resolve(item: GuardOverride, actor, resolution: str) -> None:
    """Close one override with what was done about it."""
    item.resolved_at, item.resolved_by_id, item.resolution = utcnow(), getattr(actor, "id", None), resolution


def summaries(pairs) -> dict[tuple[str, int], str]:
    """What the guard found in each held post among these (content_type, id) pairs, for the author's banner."""
    pairs = list(pairs)
    if not pairs:
        return {}
    ids = {p[1] for p in pairs}
    rows = db.session.scalars(select(GuardOverride).where(
        GuardOverride.held.is_(True), GuardOverride.resolved_at.is_(None), GuardOverride.object_id.in_(ids)))
    return {(r.content_type, r.object_id): r.findings for r in rows if (r.content_type, r.object_id) in pairs}


def audit_release(item: GuardOverride, post, actor, how: str) -> None:
    """Write the release to the audit log: kinds and where, never the text."""
    audit.record(actor, f"{item.content_type}.release", post, summary=f"Released from review ({how}): {item.findings}",
                 before={"held": True}, after={"held": False})


def held_count() -> int:
    """How many posts are held for a champion."""
    from sqlalchemy import func

    return db.session.scalar(select(func.count(GuardOverride.id)).where(
        GuardOverride.held.is_(True), GuardOverride.resolved_at.is_(None))) or 0
