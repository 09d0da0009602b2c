"""`hailong report monthly` and `hailong report officer` write the files and audit the export."""

import io

from openpyxl import load_workbook
from sqlalchemy import select

from models import AuditEntry
from tests.reports.pdfs import pdf_text


def test_the_monthly_ranking_is_written_as_a_pdf_and_audited(runner, db, october, tmp_path):
    out = tmp_path / "xep-hang.pdf"
    result = runner.invoke(args=["report", "monthly", "--month", "2026-10", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "Nguyễn Thị Hồng Nhung" in text and "THÁNG 10/2026" in text and "DỰ THẢO" in text
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "report.export"))
    assert (entry.actor, entry.object_id) == ("cli", "2026-10")
    assert entry.after == {"file": "xep-hang-2026-10-du-thao.pdf", "status": "open", "officers": 3}


def test_a_site_and_department_limit_the_workbook(runner, october, tmp_path):
    out = tmp_path / "x.xlsx"
    result = runner.invoke(args=["report", "monthly", "--month", "2026-10", "--out", str(out),
                                 "--site", "ttpvhcc", "--department", "STP"])
    assert result.exit_code == 0, result.output
    names = [row[2] for row in load_workbook(io.BytesIO(out.read_bytes()))["Xếp hạng"]
             .iter_rows(min_row=3, values_only=True)]
    assert names == ["Nguyễn Thị Hồng Nhung"]


def test_an_officer_sheet_is_written(runner, october, tmp_path):
    out = tmp_path / "phieu.pdf"
    result = runner.invoke(args=["report", "officer", "--month", "2026-10", "--officer",
                                 "cb0102", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Đặng Thị Ngọc Ánh" in pdf_text(out.read_bytes())


def test_mistakes_are_one_line_errors_and_write_nothing(runner, october, make_officer, db,
                                                        tmp_path):
    idle = make_officer(code="CB0999")
    db.commit()
    out = tmp_path / "x.pdf"
    cases = [
        (["report", "monthly", "--month", "2026-13", "--out", str(out)], "between 01 and 12"),
        (["report", "monthly", "--month", "2026-10", "--out", str(tmp_path / "x.doc")],
         ".pdf or .xlsx"),
        (["report", "monthly", "--month", "2026-10", "--out", str(out), "--site", "NOPE"],
         "no site with the code 'NOPE'"),
        (["report", "officer", "--month", "2026-10", "--officer", "NOPE", "--out", str(out)],
         "no officer with the code 'NOPE'"),
        (["report", "officer", "--month", "2026-10", "--officer", idle.code, "--out", str(out)],
         "was not evaluated in 2026-10"),
        (["report", "monthly", "--month", "2025-10", "--out", str(out)],
         "no active rubric is in force"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)
    assert not out.exists()
