"""The month's printouts and workbook, built from compute_month for the console and the CLI."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from evaluation.report import MonthReport
from models import Department, Officer, Site
from models.queries.evaluation_export import flat_columns, flat_rows
from models.queries.month_selection import Selection, selected_officers
from models.queries.officer_details import citizen_comments, conduct_items
from models.queries.questionnaires import load_active_questionnaire
from models.queries.settings import load_organisation

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ReportFile:
    """A built printout or workbook, with the name it is saved under."""

    data: bytes
    filename: str
    mimetype: str
    #: How many officers it lists (recorded in the audit log of exports).
    officers: int


def local_today(zone: str) -> date:
    """Return today's date in ``zone`` (the date printed in the place-and-date line)."""
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def level_names(session) -> dict[int, str]:
    """Return the Vietnamese label of each overall level of the active questionnaire."""
    questionnaire = load_active_questionnaire(session)
    return {item.level: item.label_vi for item in questionnaire.levels} if questionnaire else {}


def scope_label(session, selection: Selection) -> str:
    """Return what a listing is limited to, as printed under the title.

    The site and the department asked for; a liaison's listing without a department names
    the departments it is limited to.
    """
    parts = []
    if selection.site_id is not None:
        parts.append(session.get(Site, selection.site_id).name)
    if selection.department_id is not None:
        parts.append(session.get(Department, selection.department_id).name)
    elif selection.scope is not None:
        names = session.scalars(select(Department.name).where(
            Department.id.in_(sorted(selection.scope))).order_by(Department.name))
        parts.append(", ".join(names))
    return " – ".join(parts)


def safe_name(text: str) -> str:
    """Return text reduced to the letters, digits, dots and dashes a file name may carry."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


def _suffix(session, selection: Selection) -> str:
    codes = []
    if selection.site_id is not None:
        codes.append(session.get(Site, selection.site_id).code)
    if selection.department_id is not None:
        codes.append(session.get(Department, selection.department_id).code)
    return "".join(f"-{safe_name(code)}" for code in codes)


def ranking_file(session, report: MonthReport, selection: Selection, config: Mapping,
                 kind: str, progress=None) -> ReportFile:
    """Build the month's ranking as a PDF (``kind="pdf"``) or an Excel workbook ("xlsx").

    ``progress(done, total)``, when given, hears of the PDF's layout or the rows written.
    """
    # The renderers (ReportLab, openpyxl) load on the first printout, not at start-up.
    from render.ranking_pdf import RankingPrint, monthly_ranking_pdf
    from render.report_xlsx import RankingWorkbook, ranking_workbook

    officers = selected_officers(report, selection)
    organisation = load_organisation(session, config)
    label, names = scope_label(session, selection), level_names(session)
    draft = "" if report.frozen else "-du-thao"
    filename = f"xep-hang-{report.period}{_suffix(session, selection)}{draft}.{kind}"
    if kind == "pdf":
        data = monthly_ranking_pdf(RankingPrint(
            report, officers, selection.rank_by, organisation, local_today(report.zone),
            scope_label=label, level_names=names), progress)
        return ReportFile(data, filename, PDF, len(officers))
    data = ranking_workbook(RankingWorkbook(report, officers, selection.rank_by, organisation,
                                            scope_label=label, level_names=names),
                             progress)
    return ReportFile(data, filename, XLSX, len(officers))


def officer_sheet_file(session, report: MonthReport, officer: Officer,
                       config: Mapping, progress=None) -> ReportFile:
    """Build an officer's monthly sheet as a PDF (``progress`` as in ``ranking_file``).

    :raises LookupError: when the officer was not evaluated in the month.
    """
    from render.officer_sheet_pdf import OfficerSheetPrint, officer_sheet_pdf

    if report.officer_result(officer.id) is None:
        raise LookupError(f"{officer.code} was not evaluated in {report.period}")
    start, end = report.window
    include = report.rubric.rubric.score_unverified
    data = officer_sheet_pdf(OfficerSheetPrint(
        report, officer.id, load_organisation(session, config), local_today(report.zone),
        level_names=level_names(session),
        conduct_items=conduct_items(session, officer.id, start, end, include_unverified=include),
        comments=citizen_comments(session, officer.id, start, end)), progress)
    return ReportFile(data, f"phieu-danh-gia-{report.period}-{safe_name(officer.code)}.pdf",
                      PDF, 1)


def export_details(built: ReportFile, report: MonthReport, **filters) -> dict:
    """Return what the audit log records of an export: file, month state, filters, size."""
    return {"file": built.filename, "status": report.status, "officers": built.officers,
            **{key: value for key, value in filters.items() if value is not None}}


def export_files(document: dict, kind: str, progress=None) -> bytes:
    """Return the export document as a CSV or XLSX file; ``progress(written, total)``, when
    given, hears of the rows written."""
    # openpyxl loads on the first export, not at start-up.
    from render.evaluation_files import YEAR_COLUMNS, csv_bytes, xlsx_bytes, year_rows

    if document["kind"] == "year":
        columns, rows = list(YEAR_COLUMNS), year_rows(document)
    else:
        columns, rows = flat_columns(document), flat_rows(document)
    if kind == "csv":
        return csv_bytes(columns, rows, progress)
    state = "đã khóa" if document.get("frozen") else "dự thảo (chưa khóa)"
    if document["kind"] == "year":
        state = year_state(document.get("grading"))
    notes = [("Kỳ", document["period"]), ("Trạng thái", state),
             ("Bộ tiêu chí", f"{document['rubric']['name']} v{document['rubric']['version']}"
              if document["rubric"] else "—"), ("Định dạng", document["format"])]
    return xlsx_bytes(columns, rows, "Kết quả đánh giá, xếp loại công chức", notes, progress)


def year_state(grading: dict | None) -> str:
    """Return the year's state for the workbook: draft, or graded (late, with the reason)."""
    if grading is None:
        return "dự thảo (chưa xếp loại năm), từ các kỳ đã khóa"
    text = f"đã xếp loại năm lúc {grading['graded_at']} (UTC)"
    if grading["not_counted"]:
        text += (f"; các tháng chưa khóa không tính (không phải 0 điểm): "
                 f"{', '.join(grading['not_counted'])}")
    if grading["late"]:
        text += f"; xếp loại sau hạn {grading['deadline']}, lý do: {grading['late_reason']}"
    if grading["reopened_since"]:
        text += f"; kỳ mở lại sau khi xếp loại: {', '.join(grading['reopened_since'])}"
    return text
