"""Monthly SDS Champions' meetings: the list, a meeting, its calendar file, creating, editing, publishing."""
from __future__ import annotations

from itertools import groupby

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from champions import audit, permissions
from champions.extensions import db
from champions.links import absolute_url
from champions.meetings import bp, ics, service
from champions.meetings.forms import MeetingForm
from champions.meetings.models import Meeting, MeetingApology, MeetingAttendee, MeetingGuest, default_title


@bp.get("/")
@login_required
def index():
    """The next meeting first, then past meetings by year."""
    meetings = db.session.scalars(select(Meeting).where(service.visible_clause(current_user))
                                  .order_by(Meeting.starts_at.desc(), Meeting.id.desc())).all()
    today = service.today()
    upcoming = sorted([m for m in meetings if m.date >= today], key=lambda m: m.starts_at)
    past = [m for m in meetings if m.date < today]
    archive = [(year, list(group)) for year, group in groupby(past, key=lambda m: m.date.year)]
    return render_template("meetings/index.html", upcoming=upcoming, archive=archive)


@bp.get("/<int:meeting_id>")
@login_required
def detail(meeting_id: int):
    """A meeting: details, who came, the agenda with notes and decisions, issues and actions."""
    meeting = service.get_notes_or_404(meeting_id)
    previous, following = service.neighbours(meeting, current_user)
    return render_template("meetings/detail.html", meeting=meeting, previous=previous, following=following,
                           today=service.today())


@bp.get("/<int:meeting_id>/print")
@login_required
def print_view(meeting_id: int):
    """A plain version of the notes to print or save as PDF."""
    meeting = service.get_notes_or_404(meeting_id)
    return render_template("meetings/print.html", meeting=meeting, today=service.today())


@bp.get("/<int:meeting_id>.ics")
@login_required
def calendar(meeting_id: int):
    """The meeting as an iCalendar file."""
    meeting = service.get_meeting_or_404(meeting_id)
    body = ics.calendar_for(meeting, absolute_url("meetings.detail", meeting_id=meeting.id))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})


@bp.get("/<int:meeting_id>/changes")
@login_required
def revisions(meeting_id: int):
    """Every change made to the notes after they were published."""
    meeting = service.get_meeting_or_404(meeting_id, action="history")
    return render_template("meetings/revisions.html", meeting=meeting)


def _meeting_form(meeting: Meeting | None = None) -> MeetingForm:
    form = MeetingForm(obj=None)
    choices = [SelectChoice(u.id, f"{u.display_name} ({u.role_label})") for u in service.staff_members()]
    form.attendees.choices = choices
    form.apology_members.choices = choices
    if meeting is not None and request.method == "GET":
        form.title.data = meeting.title
        form.date.data = meeting.date
        form.start_time.data = meeting.local_start.time()
        form.end_time.data = meeting.local_end.time()
        form.place.data, form.online_link.data = meeting.place, meeting.online_link
        form.visibility.data = meeting.visibility
        form.attendees.data = [a.user_id for a in meeting.attendees]
        form.apology_members.data = [a.user_id for a in meeting.apologies if a.user_id]
        form.apologies_other.data = "\n".join(a.name for a in meeting.apologies if not a.user_id)
        form.guests.data = "\n".join(f"{g.name}, {g.organisation}" if g.organisation else g.name
                                     for g in meeting.guests)
    return form


def _apply(form: MeetingForm, meeting: Meeting) -> None:
    meeting.title = (form.title.data or "").strip() or default_title(form.date.data)
    meeting.set_times(form.date.data, form.start_time.data, form.end_time.data)
    meeting.place = (form.place.data or "").strip()
    meeting.online_link = (form.online_link.data or "").strip()
    meeting.visibility = form.visibility.data
    wanted = list(dict.fromkeys(form.attendees.data or []))
    kept = [a for a in meeting.attendees if a.user_id in wanted]
    meeting.attendees = kept + [MeetingAttendee(user_id=uid) for uid in wanted
                                if uid not in {a.user_id for a in kept}]
    meeting.guests = [MeetingGuest(name=name, organisation=org) for name, org in form.guest_rows()]
    meeting.apologies = ([MeetingApology(user_id=uid) for uid in dict.fromkeys(form.apology_members.data or [])]
                         + [MeetingApology(name=name) for name in form.other_apologies()])


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """A champion arranges a meeting (a draft until published)."""
    permissions.require("meeting.create")
    form = _meeting_form()
    if form.validate_on_submit():
        meeting = Meeting(status="draft", created_by_id=current_user.id)
        db.session.add(meeting)
        _apply(form, meeting)
        service.changed(meeting, current_user, "Created")
        audit.record(current_user, "meeting.create", meeting, summary=meeting.title)
        db.session.commit()
        flash("Meeting saved as a draft. Now build the agenda.", "success")
        return redirect(url_for("meetings.agenda_builder", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int):
    """A champion changes the meeting's details."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    form = _meeting_form(meeting)
    if form.validate_on_submit():
        service.changed(meeting, current_user, "Changed the meeting's details")
        before = {"title": meeting.title, "visibility": meeting.visibility, "starts_at": meeting.starts_at}
        _apply(form, meeting)
        after = {"title": meeting.title, "visibility": meeting.visibility, "starts_at": meeting.starts_at}
        if before != after:  # who can read the notes is the change that matters most
            audit.record(current_user, "meeting.edit", meeting, summary=meeting.title,
                         before={k: v for k, v in before.items() if after[k] != v},
                         after={k: v for k, v in after.items() if before[k] != v})
        service.sync_notifications(meeting)
        db.session.commit()
        flash("Meeting details saved.", "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=meeting)


@bp.post("/<int:meeting_id>/publish")
@login_required
def publish(meeting_id: int):
    """Publish the notes and tell the people they are for."""
    meeting = service.get_meeting_or_404(meeting_id, action="edit")
    if meeting.is_published:
        flash("These notes are already published.", "info")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    service.publish(meeting, current_user)
    db.session.commit()
    flash(f"Published. Everyone who can read them ({permissions.VISIBILITY_LABELS[meeting.visibility].lower()}) "
          "has been told.", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))
