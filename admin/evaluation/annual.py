"""The annual results: the year's roll-up, its grading by the leader, the grading calendar.

NĐ 335/2025, Điều 19: the year is graded before 15 December (the deadline is a setting); a
leader grades it from the day the centre chooses (default 1 December) on the periods closed
then; a grading after the deadline needs a written reason, audited and printed.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from admin.common.once import Once, flash_all, once_field
from admin.common.periods import requested_month, zone
from admin.evaluation.officer_filters import filter_choices, filtered_officers
from admin.people.auth import require_roles
from admin.people.scope import can, department_scope
from evaluation.annual_deadline import (
    DeadlineError,
    DeadlineState,
    deadline_state,
    format_day_month,
    year_to_show,
)
from models.ops.year_grading import MAX_REASON, YearGradingError, grade_year, save_calendar
from models.queries.year_grading import (
    graded_year,
    gradings_of,
    has_closed_period,
    latest_grading,
    load_calendar,
    local_day,
    window_of,
)
from models.staff import User
from web.audit import audit
from web.db import get_session, write_session
from web.i18n import nfc_filter

#: Why a grading was refused, for a person to read.
GRADING_ERRORS = {
    "leader_required": _l("Only a centre leader grades the year."),
    "not_open": _l("The year cannot be graded yet: grading opens on %(day)s."),
    "reason_required": _l("The deadline (%(day)s) has passed: write the reason for grading "
                          "the year late."),
    "reason_too_long": _l("The reason is too long (at most 1000 characters)."),
    "nothing_closed": _l("No month of this year is closed yet: close the months first."),
}
#: Why a calendar setting was refused.
CALENDAR_ERRORS = {
    "bad_format": _l("Write a day as DD/MM, for example 15/12."),
    "bad_day": _l("This day does not exist in every year (write a day such as 15/12)."),
    "opens_after_deadline": _l("Grading must open on or before the deadline."),
}


def now_utc() -> datetime:
    """Return the current instant (one place, so the pages, the home and the steps agree)."""
    return datetime.now(UTC)


def today() -> date:
    """Return today's local calendar day."""
    return local_day(now_utc(), zone())


class GradeYearForm(FlaskForm):
    """Grading the year: a reason (required after the deadline) and a one-time nonce."""

    reason = TextAreaField(_l("Reason for grading after the deadline"), filters=[nfc_filter],
                           validators=[Length(max=MAX_REASON,
                                              message=GRADING_ERRORS["reason_too_long"])])
    once = once_field()


class CalendarForm(FlaskForm):
    """The day the year may be graded from, and its deadline."""

    opens = StringField(_l("The year may be graded from (DD/MM)"),
                        description=_l("Local choice; default 01/12. The months not closed by "
                                       "then are left out of the year, not counted as zero."))
    deadline = StringField(_l("Deadline of the annual grading (DD/MM)"),
                           description=_l("NĐ 335/2025, Điều 19: before 15 December (default "
                                          "15/12). A grading after it needs a written reason."))


@dataclass(frozen=True)
class YearStatus:
    """A year's grading calendar on today's date, and its latest grading."""

    year: int
    opens: date
    deadline: date
    state: DeadlineState
    grading: object | None
    graded_by: str | None


def year_status(session, year: int) -> YearStatus:
    """Return the calendar of ``year`` on today's date and its latest grading."""
    window = window_of(session, year)
    grading = latest_grading(session, year)
    by = session.get(User, grading.graded_by_id) if grading and grading.graded_by_id else None
    return YearStatus(year, window.opens, window.deadline, deadline_state(window, today()),
                      grading, (by.full_name or by.username) if by else None)


def home_status(session) -> YearStatus | None:
    """Return the year a console home shows the grading of, or None when there is none.

    From the opening day (default 1 December) the current year; before it, the previous
    year only while it is not graded and has closed periods (overdue).
    """
    day = today()
    year = year_to_show(day, lambda y: window_of(session, y))
    status = year_status(session, year)
    if year == day.year:
        return status
    if status.grading is None and has_closed_period(session, year):
        return status
    return None


@require_roles("leader", "hr", "liaison")
def annual():
    """Show the year: its grading (or the draft roll-up of its closed periods)."""
    year = request.args.get("year", type=int) or requested_month().year
    if not 2000 <= year <= 9998:
        abort(400)
    session = get_session()
    status = year_status(session, year)
    found = graded_year(session, year, zone=zone(), now=now_utc())
    report, live, stale = found.report, found.draft, found.stale or None
    scope = department_scope()
    site_id, department_id = (request.args.get("site", type=int),
                              request.args.get("department", type=int))
    officers = report.result.officers if report.result else ()
    rows = filtered_officers(officers, scope, site_id, department_id)
    sites, departments = filter_choices(officers, scope)
    grade_labels = {t.grade: t for t in report.rubric.rubric.grades} if report.rubric else {}
    changed = (status.grading is not None and stale is None
               and tuple(status.grading.periods) != live.closed_months)
    return render_template(
        "evaluation/annual.html", report=report, rows=rows, year=year, sites=sites,
        departments=departments, site_id=site_id, department_id=department_id,
        grade_labels=grade_labels, status=status, stale=stale, changed=changed,
        notice=deadline_notice(status), is_leader=can("leader"),
        history=gradings_of(session, year)[1:],
        can_grade=can("leader") and status.state.may_grade and live.result is not None,
        form=GradeYearForm())


@require_roles("leader")
def annual_grade(year: int):
    """Grade the year on the periods closed now (a reason is required after the deadline)."""
    if not 2000 <= year <= 9998:
        abort(404)
    location = url_for("admin.annual", year=year)
    form = GradeYearForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(location)
    session = write_session()
    once = Once(session, form, "year.grade")
    if once.earlier:
        return once.replay(location)
    try:
        graded = grade_year(session, year, zone=zone(), user=current_user.user,
                            reason=form.reason.data or "", now=now_utc())
    except YearGradingError as exc:
        session.rollback()
        day = exc.details.get("opens") or exc.details.get("deadline")
        flash(GRADING_ERRORS[exc.code] % {"day": day.strftime("%d/%m/%Y") if day else ""},
              "error")
        return redirect(location)
    grading = graded.grading
    audit("year.grade", "year", str(year),
          after={"periods": grading.periods, "not_counted": grading.not_counted,
                 "late": grading.late, "deadline": grading.deadline.isoformat(),
                 "officers": len(grading.summary)},
          note=grading.reason or None)
    messages = [("success", _("The year %(year)s is graded on %(count)d closed period(s).",
                              year=year, count=len(grading.periods)))]
    once.done({"location": location, "messages": messages})
    session.commit()
    flash_all(messages)
    return redirect(location)


@require_roles("leader")
def annual_settings():
    """Show and change the annual grading's calendar (audited)."""
    current = load_calendar(get_session())
    form = CalendarForm(data={k: format_day_month(v) for k, v in current.items()})
    if form.validate_on_submit():
        session = write_session()
        try:
            before, after = save_calendar(session, form.opens.data or "",
                                          form.deadline.data or "", current_user.user.id)
        except DeadlineError as exc:
            session.rollback()
            form.form_errors.append(str(CALENDAR_ERRORS[exc.code]))
        else:
            if after:
                audit("settings.update", "settings", "annual_calendar", before=before,
                      after=after)
            session.commit()
            flash(_("The annual grading calendar is saved."), "success")
            return redirect(url_for("admin.annual_settings"))
    return render_template(
        "common/form.html", form=form, title=_("Annual grading calendar"),
        back=url_for("admin.annual"),
        intro=_("The leader grades the year on the periods closed at that moment, from the "
                "opening day; after the deadline a grading needs a written reason, which is "
                "printed with the results."))


def deadline_notice(status: YearStatus) -> tuple[str, bool]:
    """Return the sentence a banner shows about the year's grading, and whether it is urgent."""
    deadline, year = status.deadline.strftime("%d/%m/%Y"), status.year
    if status.grading is not None:
        text = _("The year %(year)s was graded on %(day)s.", year=year,
                 day=status.grading.graded_at.astimezone(_zone_info()).strftime("%d/%m/%Y"))
        if status.grading.late:
            text += " " + _("Graded after the deadline (%(deadline)s), with a written reason.",
                            deadline=deadline)
        return text, False
    left = status.state.days_left
    if status.state.phase == "not_open":
        return _("The year %(year)s may be graded from %(opens)s; deadline %(deadline)s.",
                 year=year, opens=status.opens.strftime("%d/%m/%Y"), deadline=deadline), False
    if status.state.late:
        return _("The deadline for grading the year %(year)s (%(deadline)s) passed %(days)d "
                 "day(s) ago: grading it now needs a written reason.", year=year,
                 deadline=deadline, days=-left), True
    if left == 0:
        return _("Grading the year %(year)s is due today (%(deadline)s).", year=year,
                 deadline=deadline), True
    return _("Grading the year %(year)s is due by %(deadline)s: %(days)d day(s) left.",
             year=year, deadline=deadline, days=left), True


def _zone_info() -> ZoneInfo:
    return ZoneInfo(zone())
