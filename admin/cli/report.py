"""`hailong report monthly` and `hailong report officer`: the month's printouts as files."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from admin.evaluation.month_steps import month_steps, writing
from admin.evaluation.report_files import (
    export_details,
    export_files,
    officer_sheet_file,
    ranking_file,
)
from evaluation import PeriodError
from models import Department, Officer, Site
from models.ops.audit import record_audit
from models.queries.evaluation_export import evaluations_document
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from models.queries.rubrics import NoRubricInForce
from web.cli_text import CommandError, _, lang_option
from web.db import get_session, write_session
from web.progress import print_summary, quiet_option

report_cli = AppGroup("report", help="Write a month's ranking (PDF, Excel) or an officer's sheet.")

FORMATS = {".pdf": "pdf", ".xlsx": "xlsx"}


def _month(session, period: str):
    try:
        with month_steps(period) as steps:
            return compute_month(session, period, zone=current_app.config["TIMEZONE"],
                                 progress=steps)
    except (PeriodError, NoRubricInForce) as exc:
        raise CommandError(str(exc)) from None


def _id_of(session, model, code: str | None, what: str) -> int | None:
    if code is None:
        return None
    found = session.scalar(select(model.id).where(func.lower(model.code) == code.lower()))
    if found is None:
        messages = {"site": _("no site with the code '%(code)s'", code=code),
                    "department": _("no department with the code '%(code)s'", code=code),
                    "officer": _("no officer with the code '%(code)s'", code=code)}
        raise CommandError(messages[what])
    return found


def _build(build, out: Path, *args):
    """Build a file with ``build(*args, progress)``, showing its progress."""
    with writing(out.name) as steps:
        return build(*args, steps.bound("file"))


def _save(out: Path, data: bytes) -> None:
    """Write the file or stop with one line (a missing folder, no permission, a full disk)."""
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CommandError(_("cannot write %(file)s: %(reason)s", file=str(out),
                             reason=exc.strerror or str(exc))) from None


def _write(session, built, out: Path, report, **details) -> None:
    """Write the file, then record the export in the audit log."""
    _save(out, built.data)
    write_session(session)
    record_audit(session, action="report.export", actor="cli", object_type="month",
                 object_id=report.period, after=export_details(built, report, **details))
    session.commit()
    print_summary(f"Wrote {out} ({len(built.data):,} bytes, {built.officers:,} officer(s))")



@report_cli.command("monthly")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .pdf (the signed printout) or .xlsx (Excel).")
@click.option("--site", "site_code", help="Only this site (its code).")
@click.option("--department", "department_code", help="Only this department (its code).")
@quiet_option
@lang_option
def monthly_command(period, out, site_code, department_code):
    """Write the month's ranking: a DỰ THẢO draft while open, the frozen figures once closed."""
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise CommandError(_("--out must end in .pdf or .xlsx"))
    session = get_session()
    selection = Selection(site_id=_id_of(session, Site, site_code, "site"),
                          department_id=_id_of(session, Department, department_code,
                                               "department"))
    report = _month(session, period)
    built = _build(ranking_file, out, session, report, selection, current_app.config, kind)
    _write(session, built, out, report, site=site_code, department=department_code)


@report_cli.command("officer")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
@click.option("--officer", "officer_code", required=True, help="The officer's code.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@quiet_option
@lang_option
def officer_command(period, officer_code, out):
    """Write an officer's monthly sheet (phiếu đánh giá cá nhân) as a PDF."""
    if out.suffix.lower() != ".pdf":
        raise CommandError(_("--out must end in .pdf"))
    session = get_session()
    officer = session.get(Officer, _id_of(session, Officer, officer_code, "officer"))
    report = _month(session, period)
    try:
        built = _build(officer_sheet_file, out, session, report, officer, current_app.config)
    except LookupError:
        raise CommandError(_("%(code)s was not evaluated in %(month)s (no rating and no input)",
                             code=officer.code, month=report.period)) from None
    _write(session, built, out, report, officer=officer.code)


@report_cli.command("evaluations")
@click.option("--period", required=True,
              help="YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (the year).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .csv, .xlsx or .json (the API's document).")
@quiet_option
@lang_option
def evaluations_command(period, out):
    """Write the evaluations for the province's software (per officer, every site)."""
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("csv", "xlsx", "json"):
        raise CommandError(_("--out must end in .csv, .xlsx or .json"))
    session = get_session()
    try:
        with month_steps(period) as steps:
            document = evaluations_document(session, period,
                                            zone=current_app.config["TIMEZONE"],
                                            admit=lambda officer: True, progress=steps)
    except (PeriodError, NoRubricInForce) as exc:
        raise CommandError(str(exc)) from None
    data = _build(_document_bytes, out, document, kind)
    _save(out, data)
    write_session(session)
    record_audit(session, action="report.export", actor="cli", object_type="month",
                 object_id=document["period"],
                 after={"file": out.name, "officers": len(document["officers"])})
    session.commit()
    print_summary(f"Wrote {out} ({len(data):,} bytes, {len(document['officers']):,} "
                  "officer(s))", click.get_current_context().meta["hailong.started"])


def _document_bytes(document, kind: str, progress) -> bytes:
    if kind == "json":
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        progress(len(document["officers"]), len(document["officers"]))  # written at once
        return data
    return export_files(document, kind, progress)


def init_app(app) -> None:
    """Register the report commands."""
    app.cli.add_command(report_cli)
