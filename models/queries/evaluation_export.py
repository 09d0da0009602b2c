"""The evaluation export for the province's software: one shape, declared once, for the JSON
API, the CSV and the XLSX file (per officer per period, or the year)."""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from evaluation import OfficerMonth, OfficerResult, PeriodError
from evaluation.periods import parse_period
from evaluation.report import MonthReport
from evaluation.rubric_schema import HUMAN_SCORE, TASK_RESULTS
from models.queries.month import compute_month
from models.queries.year import YearReport
from models.queries.year_grading import graded_year

_YEAR = re.compile(r"\d{4}")

#: Format of the export documents (the JSON body, and the header of the files).
EXPORT_FORMAT = "hailong.evaluations/1"


@dataclass(frozen=True)
class Field:
    """One field of an officer's record: key, Vietnamese label, English meaning, JSON type."""

    key: str
    label_vi: str
    meaning: str
    kind: str
    value: Callable


#: An officer's fixed fields in a period (criteria follow, per the rubric).
OFFICER_FIELDS = (
    Field("officer_code", "Mã cán bộ", "Officer's code in the centre", "string",
          lambda o, i: o.code),
    Field("full_name", "Họ và tên", "Full name", "string", lambda o, i: o.full_name),
    Field("title", "Chức vụ", "Title", "string", lambda o, i: o.title),
    Field("site", "Điểm phục vụ", "Site (service centre)", "string", lambda o, i: o.site_name),
    Field("department", "Đơn vị", "Department (sở, ngành)", "string",
          lambda o, i: o.department_name),
    Field("leader_post", "Chức vụ lãnh đạo, quản lý", "The leading or managing post held in "
          "the period; null when none (its unit's parts are then absent)", "string|null",
          lambda o, i: o.leader_post.title if o.leader_post else None),
    Field("leader_unit", "Đơn vị phụ trách", "The unit that post leads (a department at the "
          "officer's site, or a site); null when none", "string|null",
          lambda o, i: o.leader_post.unit_name if o.leader_post else None),
    Field("sheet_status", "Bước tự đánh giá", "Workflow step: draft, submitted, reviewed, "
          "returned, approved, not_submitted; null without a sheet", "string|null",
          lambda o, i: o.sheet_status),
    Field("worked_share", "Tỷ lệ thời gian công tác", "Share of the period actually worked "
          "(0–1)", "number", lambda o, i: o.worked_share),
    Field("total", "Tổng điểm (đầy đủ)", "Total out of 100, full precision; null when not "
          "evaluated", "number|null", lambda o, i: o.total),
    Field("total_rounded", "Tổng điểm", "Total as printed (two decimals, half up); grades "
          "and ranks use it", "number|null", lambda o, i: o.total_rounded),
    Field("threshold_grade", "Xếp loại theo điểm", "Grade the thresholds give", "string|null",
          lambda o, i: o.threshold_grade.value if o.threshold_grade else None),
    Field("grade", "Xếp loại", "Final grade after caps, overrides and quota: "
          "hoan_thanh_xuat_sac, hoan_thanh_tot, hoan_thanh, khong_hoan_thanh", "string|null",
          lambda o, i: o.grade.value if o.grade else None),
    Field("overrides", "Trường hợp Không hoàn thành nhiệm vụ", "Overrides applied (discipline "
          "for public duty, degradation, a leader's unit involved in corruption or waste), "
          "each with its reason", "string",
          lambda o, i: "; ".join(c.reason_vi for c in o.grade_changes
                                 if c.code.startswith("override_"))),
    Field("caps", "Giới hạn xếp loại", "Caps applied (confirmed \"5 không\" reports, …), with "
          "reasons", "string", lambda o, i: "; ".join(c.reason_vi for c in o.grade_changes
                                                      if c.code.startswith("cap_"))),
    Field("quota", "Hạn mức Hoàn thành xuất sắc", "Why the top-grade quota graded the officer "
          "down; empty when it did not", "string",
          lambda o, i: "; ".join(c.reason_vi for c in o.grade_changes if c.code == "quota")),
    Field("rank_in_site", "Xếp hạng trong điểm phục vụ", "Rank in the site (equal totals "
          "share a rank)", "integer|null", lambda o, i: o.rank_in_site),
    Field("rank_in_department", "Xếp hạng trong đơn vị", "Rank in the department",
          "integer|null", lambda o, i: o.rank_in_department),
)

#: The parts of a criterion in the flat files: suffix, Vietnamese label, meaning.
HUMAN_PARTS = (("self_score", "tự chấm", "the officer's self-score"),
               ("head_score", "trưởng bộ phận chấm", "the department head's score"),
               ("final_score", "lãnh đạo phê duyệt", "the centre leader's final score"),
               ("head_reason", "lý do trưởng bộ phận", "why the head scored lower"),
               ("final_reason", "lý do lãnh đạo", "why the leader scored lower"))
RATE_PARTS = (("rate", "tỷ lệ", "the rate after deductions, 0–1"),
              ("numerator", "số đạt", "products counted"),
              ("denominator", "trên", "out of"),
              ("events", "số lần chậm/sai sót", "delays or failed quality assessments"),
              ("waived", "miễn trừ", "of which waived for an objective cause"),
              ("deducted", "số bị trừ", "products taken off: events not waived × 25%"))


def _criterion(result, rule, inputs: OfficerMonth | None) -> dict:
    """Return one criterion of an officer as JSON-ready data."""
    item = {"code": result.code, "kind": result.kind, "name": rule.name_vi if rule else "",
            "max_points": result.max_points, "applicable": result.applicable,
            "points": result.points if result.applicable else None,
            "not_applicable_reason": result.not_applicable_reason,
            "raw_rate": result.raw_rate, "adjusted_rate": result.adjusted_rate,
            "target": result.target, "inputs": dict(result.inputs)}
    if result.kind == HUMAN_SCORE:
        chain = inputs.human_score(result.code) if inputs else None
        item["people"] = {
            "self_score": chain.self_score if chain else None,
            "head_score": chain.head_score if chain else None,
            "final_score": chain.final_score if chain else None,
            "self_note": chain.self_note if chain else "",
            "head_reason": chain.head_reason if chain else "",
            "final_reason": chain.final_reason if chain else ""}
    if result.kind == TASK_RESULTS:
        item["sub_rates"] = [
            {"code": s.code, "applicable": s.applicable, "rate": s.rate,
             "numerator": s.numerator, "denominator": s.denominator, "events": s.events,
             "waived": s.waived, "deducted": s.deducted,
             "not_applicable_reason": s.not_applicable_reason, "unit": s.unit}
            for s in result.sub_rates]
    return item


def _officer(report: MonthReport, officer: OfficerResult) -> dict:
    inputs = report.officer_inputs(officer.officer_id)
    rules = {c.code: c for c in report.rubric.rubric.criteria}
    record = {f.key: f.value(officer, inputs) for f in OFFICER_FIELDS}
    record["grade_changes"] = [{"code": c.code, "from": c.from_grade.value,
                                "to": c.to_grade.value, "reason": c.reason_vi,
                                "reason_en": c.reason_en} for c in officer.grade_changes]
    record["criteria"] = [_criterion(c, rules.get(c.code), inputs) for c in officer.criteria]
    return record


def export_period(report: MonthReport, admit: Callable[[OfficerResult], bool]) -> dict:
    """Return a period's evaluation as the JSON-ready export document.

    ``admit`` chooses the officers (a key's site, a liaison's departments).
    """
    rubric = report.rubric
    return {
        "format": EXPORT_FORMAT, "period": report.period,
        "kind": "quarter" if "Q" in report.period else "month",
        "status": report.status, "frozen": report.frozen,
        "computed_at": report.computed_at.isoformat(),
        "closed_at": report.closed_at.isoformat() if report.closed_at else None,
        "rubric": {"name": rubric.name, "version": rubric.version,
                   "effective_from": rubric.effective_from.isoformat(),
                   "format": rubric.rubric.format},
        "officers": [_officer(report, o) for o in report.result.officers if admit(o)],
    }


def export_year(report: YearReport, admit: Callable, grading=None,
                stale: tuple[str, ...] = ()) -> dict:
    """Return a year's roll-up as the JSON-ready export document (closed periods only).

    ``grading`` is the year's latest ``YearGrading`` (None: not graded, a draft); ``stale``
    the periods of that grading reopened since (the figures are then the draft's).
    """
    officers = []
    if report.result is not None:
        for o in report.result.officers:
            if not admit(o):
                continue
            officers.append({
                "officer_code": o.code, "full_name": o.full_name, "site": o.site_name,
                "department": o.department_name, "periods": list(o.months),
                "period_totals": list(o.monthly_totals), "weights": list(o.weights),
                "mean_total": o.mean_total, "mean_total_rounded": o.mean_total_rounded,
                "threshold_grade": o.threshold_grade.value if o.threshold_grade else None,
                "grade": o.grade.value if o.grade else None,
                "grade_changes": [{"code": c.code, "from": c.from_grade.value,
                                   "to": c.to_grade.value, "reason": c.reason_vi,
                                   "reason_en": c.reason_en} for c in o.grade_changes]})
    rubric = report.rubric
    return {"format": EXPORT_FORMAT, "period": str(report.year), "kind": "year",
            "closed_periods": list(report.closed_months),
            "open_months": list(report.open_months),
            "superseded_months": [{"month": month, "quarter": quarter}
                                  for month, quarter in report.superseded],
            "grading": None if grading is None else {
                "graded_at": grading.graded_at.isoformat(), "periods": list(grading.periods),
                "not_counted": list(grading.not_counted),
                "deadline": grading.deadline.isoformat(), "late": grading.late,
                "late_reason": grading.reason or None, "reopened_since": list(stale)},
            "rubric": {"name": rubric.name, "version": rubric.version,
                       "format": rubric.rubric.format} if rubric else None,
            "officers": officers}


def flat_columns(document: dict) -> list[tuple[str, str]]:
    """Return the (key, Vietnamese label) columns of a period document's flat rows."""
    columns = [("period", "Kỳ đánh giá")] + [(f.key, f.label_vi) for f in OFFICER_FIELDS]
    seen: dict[str, dict] = {}
    parts: dict[str, list[str]] = {}
    for officer in document["officers"]:
        for c in officer["criteria"]:
            seen.setdefault(c["code"], c)
            known = parts.setdefault(c["code"], [])
            # a leader's unit parts appear only on leaders' records: every part is a column
            known += [r["code"] for r in c.get("sub_rates", []) if r["code"] not in known]
    for code, c in seen.items():
        if c["kind"] == HUMAN_SCORE:
            columns += [(f"{code}_{key}", f"{code} {label}") for key, label, _ in HUMAN_PARTS]
        for part in parts[code]:
            columns += [(f"{code}_{part}_{key}", f"{code} {part} {label}")
                        for key, label, _ in RATE_PARTS]
        columns.append((f"{code}_points", f"{code} điểm ({c['name']})"))
    return columns


def flat_rows(document: dict) -> list[dict]:
    """Return one flat row per officer (keys as ``flat_columns``) from a period document."""
    rows = []
    for officer in document["officers"]:
        row = {"period": document["period"],
               **{f.key: officer[f.key] for f in OFFICER_FIELDS}}
        for c in officer["criteria"]:
            code = c["code"]
            for key, _label, _meaning in HUMAN_PARTS if "people" in c else ():
                row[f"{code}_{key}"] = c["people"][key]
            for rate in c.get("sub_rates", []):
                for key, _label, _meaning in RATE_PARTS:
                    row[f"{code}_{rate['code']}_{key}"] = rate[key]
            row[f"{code}_points"] = c["points"]
        rows.append(row)
    return rows


def parse_export_period(text: str) -> str:
    """Return a period key the export takes: ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``.

    :raises evaluation.PeriodError: for anything else.
    """
    if isinstance(text, str) and _YEAR.fullmatch(text) and 2000 <= int(text) <= 9998:
        return text
    try:
        return str(parse_period(text))
    except PeriodError:
        raise PeriodError("A period is YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (the "
                          f"year); got {text!r}.") from None


def evaluations_document(session, period: str, *, zone: str, admit: Callable,
                         progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Return the export document of a month, a quarter or a year (``parse_export_period``).

    :raises evaluation.PeriodError: for a malformed period.
    :raises models.queries.rubrics.NoRubricInForce: when a period has no rubric (or the
        rubric evaluates by the other kind of period: ``WrongPeriodKind``).

    ``progress(step, done, total)``, when given, hears of ``compute_month``'s steps (a month
    or a quarter) or of the closed periods read (step ``"periods"``, a year).
    """
    period = parse_export_period(period)
    if _YEAR.fullmatch(period):
        periods = None if progress is None else functools.partial(progress, "periods")
        return _year_document(session, int(period), zone, admit, periods)
    return export_period(compute_month(session, period, zone=zone, progress=progress), admit)


def _year_document(session, year: int, zone: str, admit: Callable, progress=None) -> dict:
    """Return the year as graded (its latest grading), else the draft of its closed periods."""
    found = graded_year(session, year, zone=zone, progress=progress)
    return export_year(found.report, admit, found.grading, found.stale)
