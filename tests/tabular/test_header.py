"""The one header rule: names folded, aliases, two-row headers, a numbering row skipped."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabular import Column, Limits, TableError, fold, read_table

COLUMNS = [
    Column("code", ("mã hồ sơ", "số hồ sơ"), required=True),
    Column("officer", ("nhận hồ sơ của", "người tiếp nhận")),
    Column("received_on", ("ngày nhận hồ sơ", "ngày tiếp nhận"), required=True),
    Column("returned_on", ("ngày trả kết quả",)),
]


def table(text: str):
    return read_table("t.csv", io.BytesIO(text.encode()), COLUMNS, Limits())


@pytest.mark.parametrize("header, folded", [
    ("Số hóa", "so hoa"), ("Số hoá", "so hoa"), (" Mã  cán bộ ", "ma can bo"),
    ("ĐÚNG HẠN", "dung han"), ("received_online", "received online"),
    ("Ngày hẹn trả\nkết quả", "ngay hen tra ket qua"), ("(1)", "1"),
])
def test_headers_fold_without_case_accents_punctuation_or_spacing(header, folded):
    assert fold(header) == folded


@given(st.text(max_size=30))
def test_folding_is_idempotent_and_ascii(text):
    assert fold(fold(text)) == fold(text)
    assert fold(text).isascii()


def test_the_header_may_sit_under_a_title_block_and_a_numbering_row_is_skipped():
    found = table("SỔ THEO DÕI HỒ SƠ,,\nQuyển số 1,,\n"
                  "STT,Mã hồ sơ,Ngày tiếp nhận\n(1),(2),(3)\n1,A-1,05/10/2026\n")
    assert found.header.row == 3 and found.header.ignored == ("STT",)
    assert [(r.row, r.values) for r in found.records()] == [
        (5, {"code": "A-1", "received_on": "05/10/2026"})]


def test_a_two_row_header_is_read_with_its_merged_parent():
    found = table("TT,Mã hồ sơ,Nhận hồ sơ,,Trả kết quả\n"
                  ",,Của,Ngày,Ngày\n"
                  "1,A-1,Hà,05/10/2026,08/10/2026\n")
    assert found.header.positions == {"code": 1, "officer": 2, "received_on": 3,
                                      "returned_on": 4}
    assert next(found.records()).values["returned_on"] == "08/10/2026"


def test_a_missing_required_column_is_named():
    with pytest.raises(TableError) as refused:
        table("Mã hồ sơ,Tên thủ tục\nA,B\n")
    assert refused.value.code == "no_header" and "received_on" in refused.value.detail


def test_a_column_named_twice_is_refused():
    with pytest.raises(TableError) as refused:
        table("Mã hồ sơ,Ngày tiếp nhận,Số hồ sơ\nA,B,C\n")
    assert (refused.value.code, refused.value.detail) == ("duplicate_column", "code")


def test_rows_blank_in_every_known_column_are_skipped():
    found = table("Mã hồ sơ,Ngày tiếp nhận,Ghi chú\n,,chỉ ghi chú\nA,05/10/2026,\n")
    assert [r.row for r in found.records()] == [3]
