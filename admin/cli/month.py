"""`hailong month close/reopen/show/annual` and `hailong import-dossiers`."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from admin.evaluation.month_steps import month_steps
from evaluation import PeriodError, result_to_dict
from models import Department, Site, User
from models.ops.audit import record_audit
from models.ops.dossiers import import_dossier_stats
from models.ops.inputs import InputError
from models.ops.months import MonthStateError, close_month, reopen_month
from models.queries.month import compute_month
from models.queries.rubrics import NoRubricInForce
from models.queries.year import StaleGrading, compute_year
from models.queries.year_grading import latest_grading
from tabular import ImportFileError, TableError
from web.cli_text import CommandError, _, lang_option
from web.db import get_session, write_session
from web.progress import Progress, Stage, print_summary, quiet_option

month_cli = AppGroup("month", help="Close, reopen and show a month's evaluation; the year.")

#: Errors a command turns into one line and exit status 1.
EXPECTED = (PeriodError, MonthStateError, NoRubricInForce, InputError, ImportFileError,
            TableError)


def _month_refused(exc: MonthStateError, period: str) -> str:
    """Return why a month cannot be closed or reopened, in the command's language."""
    messages = {
        "not_ended": _("%(month)s has not ended yet; close it afterwards", month=period),
        "already_closed": _("%(month)s is already closed", month=period),
        "not_closed": _("%(month)s is not closed", month=period),
        "flags_pending": _("%(count)s ratings of %(month)s are flagged and wait for a leader's "
                           "decision (see `hailong flags list`); decide them first",
                           count=exc.count, month=period),
        "assessments_pending": _("%(count)s self-assessment(s) of %(month)s are not approved",
                                 count=len(exc.pending), month=period),
        "reason_required": _("reopening a month needs a reason"),
        "leader_required": _("only a leader may reopen a month"),
    }
    return messages.get(exc.code, str(exc))


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _account(session, username: str | None) -> User | None:
    if username is None:
        return None
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        raise CommandError(_("no active account named '%(name)s'", name=username))
    return user


def _audit(session, user, action, period, **fields) -> None:
    record_audit(session, action=action, actor=user.username if user else "cli",
                 user_id=user.id if user else None, object_type="month", object_id=period,
                 **fields)


@month_cli.command("close")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--by", "username", help="Account recorded as closing it (default: cli).")
@quiet_option
@lang_option
def close_command(period, username):
    """Freeze a month's inputs, rubric and results (it must have ended)."""
    session = write_session()
    user = _account(session, username)
    try:
        with month_steps(period) as steps:
            report = close_month(session, period, zone=_zone(),
                                 user_id=user.id if user else None, progress=steps)
    except MonthStateError as exc:
        for name in exc.pending:
            click.echo(f"  {name}", err=True)
        raise CommandError(_month_refused(exc, period)) from None
    except EXPECTED as exc:
        raise CommandError(str(exc)) from None
    _audit(session, user, "month.close", report.period,
           after={"rubric": f"{report.rubric.name} v{report.rubric.version}",
                  "officers": len(report.result.officers)})
    session.commit()
    print_summary(f"Closed {report.period}: {len(report.result.officers):,} officers evaluated "
                  f"under {report.rubric.name} v{report.rubric.version}", steps.started)


@month_cli.command("reopen")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--reason", required=True, help="Why it is reopened (recorded).")
@click.option("--by", "username", required=True, help="The leader reopening it.")
@lang_option
def reopen_command(period, reason, username):
    """Reopen a closed month as a live draft (a leader and a reason are required)."""
    session = write_session()
    user = _account(session, username)
    try:
        summary = reopen_month(session, period, reason=reason, user_id=user.id)
    except MonthStateError as exc:
        raise CommandError(_month_refused(exc, period)) from None
    except EXPECTED as exc:
        raise CommandError(str(exc)) from None
    _audit(session, user, "month.reopen", period, before=summary, note=reason)
    session.commit()
    click.echo(f"Reopened {period}: it is a live draft again.")


@month_cli.command("show")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--site", "site_code", help="Only this site (its code).")
@click.option("--department", "department_code", help="Only this department (its code).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@quiet_option
@lang_option
def show_command(period, site_code, department_code, as_json):
    """Print a month's ranking: live while open, the frozen snapshot once closed."""
    session = get_session()
    try:
        with month_steps(period) as steps:
            report = compute_month(session, period, zone=_zone(), progress=steps)
    except EXPECTED as exc:
        raise CommandError(str(exc)) from None
    officers = _filtered(session, report.result.officers, site_code, department_code)
    if as_json:
        data = result_to_dict(report.result)
        data["officers"] = [o for o in data["officers"] if o["officer_id"] in
                            {x.officer_id for x in officers}]
        click.echo(json.dumps({"status": report.status, "frozen": report.frozen,
                               "result": data}, ensure_ascii=False, indent=2))
        return
    state = "closed (frozen snapshot)" if report.frozen else "open (live draft)"
    click.echo(f"{report.period} — {state} — {report.rubric.name} v{report.rubric.version}")
    labels = {t.grade: t.label_vi for t in report.rubric.rubric.grades}
    for officer in officers:
        total = "—" if officer.total_rounded is None else f"{officer.total_rounded:6.2f}"
        rank = "—" if officer.rank_in_site is None else officer.rank_in_site
        grade = labels.get(officer.grade, "chưa đánh giá") if officer.grade else "chưa đánh giá"
        click.echo(f"{rank!s:>4}  {officer.code:<10} {officer.full_name:<28} {total:>6}  "
                   f"{grade}  [{officer.site_name} / {officer.department_name}]")
    print_summary(f"{len(officers)} officers; {len(report.exclusions)} excluded ratings, "
                  f"{len(report.late)} late ratings.")


def _filtered(session, officers, site_code, department_code):
    if site_code:
        site_id = session.scalar(select(Site.id).where(Site.code == site_code))
        if site_id is None:
            raise CommandError(_("no site with the code '%(code)s'", code=site_code))
        officers = [o for o in officers if o.site_id == site_id]
    if department_code:
        department_id = session.scalar(select(Department.id)
                                       .where(Department.code == department_code))
        if department_id is None:
            raise CommandError(_("no department with the code '%(code)s'",
                                 code=department_code))
        officers = [o for o in officers if o.department_id == department_id]
    return list(officers)


@month_cli.command("annual")
@click.option("--year", type=click.IntRange(2000, 9998), required=True)
@quiet_option
@lang_option
def annual_command(year):
    """Print the year as graded (its latest grading), else the roll-up of its closed periods."""
    session, stale = get_session(), ()
    grading = latest_grading(session, year)
    with Progress(_("Closed periods of %(year)s", year=year), unit=_("periods")) as progress:
        try:
            report = compute_year(session, year, zone=_zone(), progress=progress,
                                  only=tuple(grading.periods) if grading else None)
        except StaleGrading as exc:
            stale = exc.periods
            report = compute_year(session, year, zone=_zone(), progress=progress)
    if report.result is None:
        raise CommandError(_("no month of %(year)s is closed yet", year=year))
    click.echo(f"{year}: months {', '.join(report.closed_months)} under "
               f"{report.rubric.name} v{report.rubric.version}")
    if grading is None or stale:
        click.echo("Not graded: a draft of the periods closed now"
                   + (f" (reopened since the grading: {', '.join(stale)})" if stale else ""))
    else:
        click.echo(f"Graded at {grading.graded_at.isoformat()}; not closed then, left out "
                   f"(not counted as zero): {', '.join(grading.not_counted) or '—'}")
        if grading.late:
            click.echo(f"Graded after the deadline {grading.deadline.isoformat()}; reason: "
                       f"{grading.reason}")
    labels = {t.grade: t.label_vi for t in report.rubric.rubric.grades}
    for officer in report.result.officers:
        total = "—" if officer.mean_total_rounded is None else f"{officer.mean_total_rounded:6.2f}"
        click.echo(f"{officer.code:<10} {officer.full_name:<28} {total:>6}  "
                   f"{labels.get(officer.grade, '—')}")
    if report.open_months and (grading is None or stale):
        click.echo(f"Not closed, left out: {', '.join(report.open_months)}")
    if report.superseded:
        click.echo("Counted in their closed quarter, not on their own: "
                   + ", ".join(f"{month} ({quarter})" for month, quarter in report.superseded))
    print_summary(f"{year}: {len(report.result.officers):,} officers rolled up from "
                  f"{len(report.closed_months)} closed period(s)", progress.started)


@click.command("import-dossiers")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", "period", required=True, help="The month the figures are for.")
@click.option("--by", "username", help="Account recorded as importing (default: cli).")
@quiet_option
@lang_option
def import_dossiers_command(path, period, username):
    """Replace a month's dossier statistics with a CSV or XLSX file (all rows or none)."""
    session = write_session()
    user = _account(session, username)
    try:
        with path.open("rb") as stream, Stage(_("Reading %(file)s", file=path.name)) as stage:
            summary = import_dossier_stats(session, period, path.name, stream,
                                           user_id=user.id if user else None)
    except ImportFileError as exc:
        for problem in exc.problems:
            click.echo(problem.message(), err=True)
        raise CommandError(_("%(file)s was not imported (%(count)s problem(s)); nothing was "
                             "changed.", file=path.name, count=len(exc.problems))) from None
    except TableError as exc:
        raise CommandError(_("%(file)s was not imported: %(reason)s", file=path.name,
                             reason=exc.message())) from None
    except EXPECTED as exc:
        raise CommandError(str(exc)) from None
    _audit(session, user, "dossiers.import", summary.period,
           after={"file": path.name, "rows": summary.rows, "replaced": summary.replaced})
    session.commit()
    if summary.ignored_columns:
        click.echo(f"Ignored columns: {', '.join(summary.ignored_columns)}")
    print_summary(f"Imported {summary.rows} officers' dossier figures for {summary.period} "
                  f"from {path.name} (replacing {summary.replaced:,})", stage.started)


def init_app(app) -> None:
    """Register the month commands."""
    app.cli.add_command(month_cli)
    app.cli.add_command(import_dossiers_command)
