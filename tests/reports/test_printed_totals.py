"""Over the demo months, every sheet's printed criteria add up to its printed total."""

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from werkzeug.security import generate_password_hash

from admin.evaluation.report_files import officer_sheet_file
from evaluation.scoring import round_total
from models import Officer
from models.demo import DemoOptions, seed_demo
from models.queries.month import compute_month
from render.printed_points import TOTAL_NOTE, printed_points
from render.vn_format import number
from tests.factories import FAST_HASH
from tests.reports.pdfs import pdf_text

ZONE = "Asia/Ho_Chi_Minh"
NOW = datetime(2026, 12, 8, 9, 10, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def test_every_demo_sheet_prints_criteria_that_add_up_to_its_total(app, db):
    summary = seed_demo(db, DemoOptions(now=NOW), password_hash=generate_password_hash(
        "x" * 12, method=FAST_HASH), pin_hash=generate_password_hash("1234", method=FAST_HASH))
    db.commit()
    checked = 0
    for period in summary.periods:
        report = compute_month(db, period, zone=ZONE)
        for officer in report.result.officers:
            if officer.total_rounded is None:
                continue
            printed = [p for p, c in zip(printed_points(officer), officer.criteria, strict=True)
                       if c.applicable]
            shown_sum = sum((_amount(p) for p in printed), Decimal(0))
            target = officer.total_rounded if not officer.rescaled else None
            if target is not None:
                assert number(float(shown_sum)) == number(target), (period, officer.code)
            else:  # the criteria add up to the printed sum before rescaling
                assert shown_sum == Decimal(repr(round_total(officer.points_sum))), officer.code
            checked += 1
    assert checked >= 80  # two demo months of 40 officers at least
    report = compute_month(db, summary.periods[0], zone=ZONE)
    first = report.result.officers[0]
    text = pdf_text(officer_sheet_file(db, report, db.get(Officer, first.officer_id),
                                       app.config).data)
    assert " ".join(TOTAL_NOTE.split()) in text
    for value in printed_points(first):
        assert value in text
