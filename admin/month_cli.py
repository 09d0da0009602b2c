"""`hailong month close/reopen/show/annual` and `hailong import-dossiers`."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from evaluation import PeriodError, result_to_dict
from models import Department, Site, User
from models.engine import begin_write
from models.ops.audit import record_audit
from models.ops.dossier_totals import DossierFileError
from models.ops.dossiers import import_dossier_stats
from models.ops.inputs import InputError
from models.ops.months import MonthStateError, close_month, reopen_month
from models.queries.month import compute_month
from models.queries.rubrics import NoRubricInForce
from models.queries.year import compute_year
from tabular import TableError
from web.db import get_session

month_cli = AppGroup("month", help="Close, reopen and show a month's evaluation; the year.")

#: Errors a command turns into one line and exit status 1.
EXPECTED = (PeriodError, MonthStateError, NoRubricInForce, InputError, DossierFileError,
            TableError)


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _account(session, username: str | None) -> User | None:
    if username is None:
        return None
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        raise click.ClickException(f"no active account named {username!r}")
    return user


def _audit(session, user, action, period, **fields) -> None:
    record_audit(session, action=action, actor=user.username if user else "cli",
                 user_id=user.id if user else None, object_type="month", object_id=period,
                 **fields)


@month_cli.command("close")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--by", "username", help="Account recorded as closing it (default: cli).")
def close_command(period, username):
    """Freeze a month's inputs, rubric and results (it must have ended)."""
    session = get_session()
    begin_write(session)
    try:
        user = _account(session, username)
        report = close_month(session, period, zone=_zone(), user_id=user.id if user else None)
    except MonthStateError as exc:
        waiting = "".join(f"\n  {name}" for name in exc.pending)
        raise click.ClickException(f"{exc}{waiting}") from None
    except EXPECTED as exc:
        raise click.ClickException(str(exc)) from None
    _audit(session, user, "month.close", report.period,
           after={"rubric": f"{report.rubric.name} v{report.rubric.version}",
                  "officers": len(report.result.officers)})
    session.commit()
    click.echo(f"Closed {report.period}: {len(report.result.officers)} officers evaluated under "
               f"{report.rubric.name} v{report.rubric.version}.")


@month_cli.command("reopen")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--reason", required=True, help="Why it is reopened (recorded).")
@click.option("--by", "username", required=True, help="The leader reopening it.")
def reopen_command(period, reason, username):
    """Reopen a closed month as a live draft (a leader and a reason are required)."""
    session = get_session()
    begin_write(session)
    try:
        user = _account(session, username)
        summary = reopen_month(session, period, reason=reason, user_id=user.id)
    except EXPECTED as exc:
        raise click.ClickException(str(exc)) from None
    _audit(session, user, "month.reopen", period, before=summary, note=reason)
    session.commit()
    click.echo(f"Reopened {period}: it is a live draft again.")


@month_cli.command("show")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--site", "site_code", help="Only this site (its code).")
@click.option("--department", "department_code", help="Only this department (its code).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
def show_command(period, site_code, department_code, as_json):
    """Print a month's ranking: live while open, the frozen snapshot once closed."""
    session = get_session()
    try:
        report = compute_month(session, period, zone=_zone())
    except EXPECTED as exc:
        raise click.ClickException(str(exc)) from None
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
    click.echo(f"{len(officers)} officers; {len(report.exclusions)} excluded ratings, "
               f"{len(report.late)} late ratings.")


def _filtered(session, officers, site_code, department_code):
    if site_code:
        site_id = session.scalar(select(Site.id).where(Site.code == site_code))
        if site_id is None:
            raise click.ClickException(f"no site with the code {site_code!r}")
        officers = [o for o in officers if o.site_id == site_id]
    if department_code:
        department_id = session.scalar(select(Department.id)
                                       .where(Department.code == department_code))
        if department_id is None:
            raise click.ClickException(f"no department with the code {department_code!r}")
        officers = [o for o in officers if o.department_id == department_id]
    return list(officers)


@month_cli.command("annual")
@click.option("--year", type=click.IntRange(2000, 9998), required=True)
def annual_command(year):
    """Print the annual roll-up of the year's closed months."""
    report = compute_year(get_session(), year, zone=_zone())
    if report.result is None:
        raise click.ClickException(f"no month of {year} is closed yet")
    click.echo(f"{year}: months {', '.join(report.closed_months)} under "
               f"{report.rubric.name} v{report.rubric.version}")
    labels = {t.grade: t.label_vi for t in report.rubric.rubric.grades}
    for officer in report.result.officers:
        total = "—" if officer.mean_total_rounded is None else f"{officer.mean_total_rounded:6.2f}"
        click.echo(f"{officer.code:<10} {officer.full_name:<28} {total:>6}  "
                   f"{labels.get(officer.grade, '—')}")
    if report.open_months:
        click.echo(f"Not closed, left out: {', '.join(report.open_months)}")


@click.command("import-dossiers")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", "period", required=True, help="The month the figures are for.")
@click.option("--by", "username", help="Account recorded as importing (default: cli).")
def import_dossiers_command(path, period, username):
    """Replace a month's dossier statistics with a CSV or XLSX file (all rows or none)."""
    session = get_session()
    begin_write(session)
    try:
        user = _account(session, username)
        with path.open("rb") as stream:
            summary = import_dossier_stats(session, period, path.name, stream,
                                           user_id=user.id if user else None)
    except DossierFileError as exc:
        for problem in exc.problems:
            click.echo(problem.message(), err=True)
        raise click.ClickException(f"{path.name} was not imported "
                                   f"({len(exc.problems)} problem(s)).") from None
    except EXPECTED as exc:
        raise click.ClickException(str(exc)) from None
    _audit(session, user, "dossiers.import", summary.period,
           after={"file": path.name, "rows": summary.rows, "replaced": summary.replaced})
    session.commit()
    click.echo(f"Imported {summary.rows} officers' dossier figures for {summary.period} "
               f"(replacing {summary.replaced}).")
    if summary.ignored_columns:
        click.echo(f"Ignored columns: {', '.join(summary.ignored_columns)}")


def init_app(app) -> None:
    """Register the month commands."""
    app.cli.add_command(month_cli)
    app.cli.add_command(import_dossiers_command)
