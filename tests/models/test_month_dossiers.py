"""Dossier statistics import: CSV and XLSX, every problem by row, all or nothing, replacing."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models import DossierImport, DossierStat, EvaluationMonth
from models.ops.dossier_totals import COLUMNS, TABLE_LIMITS, read_totals
from models.ops.dossiers import import_dossier_stats
from models.ops.inputs import InputError
from tabular import ImportFileError, TableError, read_table

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = "officer_code,received,early,on_time,late,digitised"


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_dossier_file(name: str, data: bytes):
    return read_totals(read_table(name, io.BytesIO(data), COLUMNS, TABLE_LIMITS))


def imported(db, period, name, data: bytes):
    return import_dossier_stats(db, period, name, io.BytesIO(data), user_id=None)


def problems(exc) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in exc.value.problems]


@pytest.fixture
def officers(db, make_officer):
    made = [make_officer(code=f"CB000{n}") for n in range(1, 6)]
    db.commit()
    return made


def test_the_sample_csv_with_vietnamese_headers_imports(db, officers):
    data = (SAMPLES / "dossier-stats-2026-10.csv").read_bytes()
    summary = imported(db, "2026-10", "thong-ke.csv", data)
    assert (summary.rows, summary.replaced, summary.ignored_columns) == (5, 0, ("Họ và tên",))
    stat = db.scalar(select(DossierStat).where(DossierStat.officer_id == officers[0].id))
    assert (stat.received, stat.resolved_early, stat.resolved_on_time, stat.resolved_late,
            stat.digitised, stat.received_online, stat.returned_by_post) == (
        212, 118, 80, 6, 198, 160, 41)
    assert stat.import_id == summary.import_id


def test_the_sample_xlsx_imports_the_same_figures(db, officers):
    data = (SAMPLES / "dossier-stats-2026-10.xlsx").read_bytes()
    rows = read_dossier_file("thong-ke.xlsx", data)
    csv_rows = read_dossier_file(
        "x.csv", (SAMPLES / "dossier-stats-2026-10.csv").read_bytes())
    assert rows == csv_rows


def test_every_bad_row_is_reported_by_number_and_nothing_is_written(db, officers):
    data = "\n".join([
        HEADER,
        "CB0001,10,5,4,1,9",
        "CB0002,ten,5,4,1,9",
        ",10,5,4,1,9",
        "CB0003,10,-1,4,1,2.5",
        "",
        "CB0001,1,1,0,0,1",
    ]).encode()
    with pytest.raises(ImportFileError) as refused:
        imported(db, "2026-10", "bad.csv", data)
    assert problems(refused) == [
        (3, "received", "not_a_count"),
        (4, "officer_code", "missing_value"),
        (5, "early", "not_a_count"),
        (5, "digitised", "not_a_count"),
        (7, "officer_code", "duplicate_officer"),
    ]
    assert db.scalar(select(func.count(DossierStat.id))) == 0
    assert db.scalar(select(func.count(DossierImport.id))) == 0


def test_an_unknown_officer_refuses_the_whole_file(db, officers):
    data = f"{HEADER}\nCB0001,10,5,4,1,9\nXX99,3,1,1,1,3\n".encode()
    with pytest.raises(ImportFileError) as refused:
        imported(db, "2026-10", "x.csv", data)
    assert problems(refused) == [(3, "officer_code", "unknown_officer")]
    assert "row 3: no officer has the code 'XX99'" in str(refused.value)
    assert db.scalar(select(func.count(DossierStat.id))) == 0


def test_reimporting_a_month_replaces_it_and_leaves_other_months(db, officers):
    first = f"{HEADER}\nCB0001,10,5,4,1,9\ncb0002,8,4,4,0,8\n".encode()
    imported(db, "2026-10", "a.csv", first)
    imported(db, "2026-09", "a.csv", first)
    summary = imported(db, "2026-10", "b.xlsx", xlsx([
        ["Mã CB", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Quá hạn", "Số hoá"],
        ["CB0003", 7, 3.0, 3, 1, 7],
    ]))
    assert (summary.rows, summary.replaced) == (1, 2)
    october = db.scalars(select(DossierStat.officer_id).where(DossierStat.period == "2026-10"))
    assert list(october) == [officers[2].id]
    assert db.scalar(select(func.count(DossierStat.id)).where(DossierStat.period == "2026-09")) == 2


@pytest.mark.parametrize("name, data, expected", [
    ("x.txt", b"anything", "wrong_type"),
    ("x.csv", "Mã cán bộ;Tiếp nhận\n".encode("cp1258", "replace") + b"\xff", "encoding"),
    ("x.xlsx", b"not a zip", "not_a_workbook"),
    ("x.csv", b"", "empty"),
    ("x.csv", b"officer_code;received;early;early\nCB0001;1;1;1\n", "no_header"),
    ("x.csv", b"officer_code;received;early;on_time;late;digitised;so hoa\n", "duplicate_column"),
])
def test_unreadable_or_malformed_files_are_refused_with_a_reason(db, officers, name, data,
                                                                 expected):
    with pytest.raises(TableError) as refused:
        imported(db, "2026-10", name, data)
    assert refused.value.code == expected


def test_a_header_without_rows_is_refused(db, officers):
    with pytest.raises(ImportFileError) as refused:
        imported(db, "2026-10", "x.csv", HEADER.encode() + b"\n\n")
    assert problems(refused) == [(None, None, "no_rows")]


def test_the_optional_task_counts_are_imported_and_checked(db, officers):
    header = HEADER + ",Đã trả kết quả,Yêu cầu bổ sung,Không đạt chất lượng,Quá hạn có xin lỗi"
    imported(db, "2026-10", "a.csv", f"{header}\nCB0001,10,5,4,1,9,8,2,1,1\n".encode())
    stat = db.scalar(select(DossierStat))
    assert (stat.returned, stat.supplement_requests, stat.quality_failures,
            stat.late_with_apology) == (8, 2, 1, 1)
    with pytest.raises(ImportFileError) as refused:
        imported(db, "2026-10", "a.csv", f"{header}\nCB0001,10,5,4,1,9,8,2,1,3\n".encode())
    assert problems(refused) == [(2, "late_with_apology", "apology_exceeds_late")]


def test_a_closed_month_refuses_an_import(db, officers):
    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    db.commit()
    with pytest.raises(InputError) as refused:
        imported(db, "2026-10", "a.csv", f"{HEADER}\nCB0001,1,1,0,0,1\n".encode())
    assert refused.value.code == "month_closed"


def test_huge_numbers_are_refused_rather_than_overflowing(db, officers):
    with pytest.raises(ImportFileError) as refused:
        imported(db, "2026-10", "a.csv", f"{HEADER}\nCB0001,99999999999,1,0,0,1\n".encode())
    assert problems(refused) == [(2, "received", "not_a_count")]
