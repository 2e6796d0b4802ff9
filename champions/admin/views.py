"""Admin pages: the dashboard and the audit log."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from champions.admin import bp
from champions.admin.forms import AuditFilterForm
from champions.admin.labels import audit_action
from champions.auth.forms import to_choices
from champions.audit import AuditEvent
from champions.auth import tokens
from champions.auth.models import Organisation, User
from champions.auth.tokens import AccountToken
from champions.extensions import db
from champions.params import paginate
from champions.worker.panel import background_work

AUDIT_PER_PAGE = 50


def _count(query) -> int:
    return db.session.scalar(query) or 0


@bp.get("/")
def index():
    """The admin dashboard: people by role, pending invitations, background work, recent changes."""
    by_role = dict(db.session.execute(
        select(User.role, func.count(User.id)).where(User.is_member).group_by(User.role)).all())
    counts = {
        "deactivated": _count(select(func.count(User.id)).where(User.active.is_(False))),
        "unconfirmed": _count(select(func.count(User.id)).where(User.email_confirmed_at.is_(None))),
        "organisations": _count(select(func.count(Organisation.id)).where(Organisation.active.is_(True))),
        "pending_invitations": _count(select(func.count(AccountToken.id)).where(
            AccountToken.purpose == tokens.INVITATION, tokens.status_clause("pending"))),
    }
    recent = db.session.scalars(select(AuditEvent).options(selectinload(AuditEvent.actor)).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
                                .limit(5)).all()
    return render_template("admin/index.html", by_role=by_role, counts=counts, recent=recent,
                           work=background_work())


@bp.get("/audit")
def audit_log():
    """Every recorded change, newest first, filtered by action; paginated."""
    form = AuditFilterForm(request.args)
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    form.action.choices = to_choices([("", "All actions")] + sorted(((a, audit_action(a)) for a in actions),
                                                                    key=lambda choice: choice[1]))
    query = select(AuditEvent).options(selectinload(AuditEvent.actor)) \
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if form.action.data and form.action.data in actions:
        query = query.where(AuditEvent.action == form.action.data)
    page = paginate(query, per_page=AUDIT_PER_PAGE)
    filters = {"action": form.action.data} if form.action.data else {}
    return render_template("admin/audit.html", form=form, page=page, filters=filters)
