"""Dossier statistics import: CSV and XLSX, every problem by row, all or nothing, replacing."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models import DossierImport, DossierStat, EvaluationMonth
from models.ops.dossier_files import DossierFileError, header_key, read_dossier_file
from models.ops.dossiers import import_dossier_stats
from models.ops.inputs import InputError

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = "officer_code,received,early,on_time,late,digitised"


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(exc) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in exc.value.problems]


@pytest.fixture
def officers(db, make_officer):
    made = [make_officer(code=f"CB000{n}") for n in range(1, 6)]
    db.commit()
    return made


def test_the_sample_csv_with_vietnamese_headers_imports(db, officers):
    data = (SAMPLES / "dossier-stats-2026-10.csv").read_bytes()
    summary = import_dossier_stats(db, "2026-10", "thong-ke.csv", data, user_id=None)
    assert (summary.rows, summary.replaced, summary.ignored_columns) == (5, 0, ("Họ và tên",))
    stat = db.scalar(select(DossierStat).where(DossierStat.officer_id == officers[0].id))
    assert (stat.received, stat.resolved_early, stat.resolved_on_time, stat.resolved_late,
            stat.digitised, stat.received_online, stat.returned_by_post) == (
        212, 118, 80, 6, 198, 160, 41)
    assert stat.import_id == summary.import_id


def test_the_sample_xlsx_imports_the_same_figures(db, officers):
    data = (SAMPLES / "dossier-stats-2026-10.xlsx").read_bytes()
    rows, _ignored = read_dossier_file("thong-ke.xlsx", data)
    csv_rows, _ = read_dossier_file(
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
    with pytest.raises(DossierFileError) as refused:
        import_dossier_stats(db, "2026-10", "bad.csv", data, user_id=None)
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
    with pytest.raises(DossierFileError) as refused:
        import_dossier_stats(db, "2026-10", "x.csv", data, user_id=None)
    assert problems(refused) == [(3, "officer_code", "unknown_officer")]
    assert "row 3: no officer has the code 'XX99'" in str(refused.value)
    assert db.scalar(select(func.count(DossierStat.id))) == 0


def test_reimporting_a_month_replaces_it_and_leaves_other_months(db, officers):
    first = f"{HEADER}\nCB0001,10,5,4,1,9\ncb0002,8,4,4,0,8\n".encode()
    import_dossier_stats(db, "2026-10", "a.csv", first, user_id=None)
    import_dossier_stats(db, "2026-09", "a.csv", first, user_id=None)
    summary = import_dossier_stats(db, "2026-10", "b.xlsx", xlsx([
        ["Mã CB", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Quá hạn", "Số hoá"],
        ["CB0003", 7, 3.0, 3, 1, 7],
    ]), user_id=None)
    assert (summary.rows, summary.replaced) == (1, 2)
    october = db.scalars(select(DossierStat.officer_id).where(DossierStat.period == "2026-10"))
    assert list(october) == [officers[2].id]
    assert db.scalar(select(func.count(DossierStat.id)).where(DossierStat.period == "2026-09")) == 2


@pytest.mark.parametrize("name, data, expected", [
    ("x.txt", b"anything", [(None, None, "unsupported_type")]),
    ("x.csv", "Mã cán bộ;Tiếp nhận\n".encode("cp1258", "replace") + b"\xff",
     [(None, None, "unreadable_file")]),
    ("x.xlsx", b"not a zip", [(None, None, "unreadable_file")]),
    ("x.csv", b"", [(1, None, "empty_file")]),
    ("x.csv", HEADER.encode() + b"\n\n", [(None, None, "no_rows")]),
    ("x.csv", b"officer_code;received;early;early\nCB0001;1;1;1\n",
     [(1, "early", "duplicate_column"), (1, "on_time", "missing_column"),
      (1, "late", "missing_column"), (1, "digitised", "missing_column")]),
])
def test_unreadable_or_malformed_files_are_refused_with_a_reason(db, officers, name, data,
                                                                 expected):
    with pytest.raises(DossierFileError) as refused:
        import_dossier_stats(db, "2026-10", name, data, user_id=None)
    assert problems(refused) == expected


def test_a_closed_month_refuses_an_import(db, officers):
    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    db.commit()
    with pytest.raises(InputError) as refused:
        import_dossier_stats(db, "2026-10", "a.csv", f"{HEADER}\nCB0001,1,1,0,0,1\n".encode(),
                             user_id=None)
    assert refused.value.code == "month_closed"


def test_huge_numbers_are_refused_rather_than_overflowing(db, officers):
    with pytest.raises(DossierFileError) as refused:
        import_dossier_stats(db, "2026-10", "a.csv",
                             f"{HEADER}\nCB0001,99999999999,1,0,0,1\n".encode(), user_id=None)
    assert problems(refused) == [(2, "received", "not_a_count")]


@pytest.mark.parametrize("header, key", [
    ("Số hóa", "so_hoa"), ("Số hoá", "so_hoa"), (" Mã  cán bộ ", "ma_can_bo"),
    ("Đúng hạn", "dung_han"), ("received_online", "received_online"),
])
def test_headers_match_without_case_accents_or_spacing(header, key):
    assert header_key(header) == key
