"""The CSV reader: the encodings and delimiters a Vietnamese office produces, limits kept."""

import codecs
import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabular import Limits, TableError, read_rows
from tabular.csvfile import detect_encoding, looks_cp1258, sniff_delimiter
from tests.tabular.workbooks import cp1258

TEXT = "Mã hồ sơ;Tên thủ tục;Nhận hồ sơ của\n000.00.20.H06-1;Cấp đổi CCCD;Nguyễn Thị Hương\n"
EXPECTED = [(1, ["Mã hồ sơ", "Tên thủ tục", "Nhận hồ sơ của"]),
            (2, ["000.00.20.H06-1", "Cấp đổi CCCD", "Nguyễn Thị Hương"])]


DEFAULT = Limits()


def rows_of(data: bytes, limits: Limits = DEFAULT) -> list:
    return list(read_rows("t.csv", io.BytesIO(data), limits))


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    TEXT.encode("utf-8-sig"),
    TEXT.encode("utf-16"),
    TEXT.replace(";", "\t").encode("utf-16"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),
    cp1258(TEXT),
    cp1258(TEXT.replace(";", ",")),
], ids=["utf8", "utf8-bom", "utf16-semicolon", "utf16-tab (Excel Unicode text)", "utf16-be",
        "utf16-le-no-bom", "cp1258-semicolon", "cp1258-comma"])
def test_each_encoding_an_office_produces_reads_the_same(data):
    assert rows_of(data) == EXPECTED


def test_a_decomposed_utf8_file_reads_in_nfc():
    import unicodedata
    assert rows_of(unicodedata.normalize("NFD", TEXT).encode()) == EXPECTED


@pytest.mark.parametrize("data", [
    "Résumé,Müller\n".encode("latin-1"),
    "Mã hồ sơ\n".encode()[:-3] + b"\x81\x8d\n",
    "Mã hồ sơ;Tên\n".encode("cp1258", "replace") + b"\x90",
])
def test_text_in_no_known_encoding_is_refused(data):
    with pytest.raises(TableError) as refused:
        rows_of(data)
    assert refused.value.code == "encoding"


def test_cp1258_is_recognised_only_on_vietnamese_text():
    assert looks_cp1258(cp1258("Nguyễn Thị Hương, phường Đình Bảng"))
    assert not looks_cp1258("Tiêu đề, résumé ©".encode("cp1258", "replace"))
    assert not looks_cp1258(b"plain ascii")
    assert detect_encoding(cp1258("Hồ sơ")) == "cp1258"


def test_a_bad_byte_late_in_a_utf8_file_is_refused_with_its_row():
    data = ("a,b\n" + "x,y\n" * 30_000).encode() + b"\xff,z\n"
    with pytest.raises(TableError) as refused:
        rows_of(data, Limits(max_rows=100_000))
    assert refused.value.code == "encoding" and refused.value.row == 30_002


@pytest.mark.parametrize("head, delimiter", [
    ("a,b,c\n1,2,3\n", ","),
    ("a;b;c\n1;2;3\n", ";"),
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ("SỔ THEO DÕI HỒ SƠ\nMã;Địa chỉ;Ngày\nX;số 1, phường A;05/10/2026\nY;số 2, xã B;06/10/2026\n",
     ";"),
    ('"a,b";c\n"1,2";3\n', ";"),
    ("one column\nvalue\n", ","),
])
def test_the_delimiter_is_the_one_that_splits_the_lines_alike(head, delimiter):
    assert sniff_delimiter(head) == delimiter


def test_blank_lines_keep_their_row_numbers_and_quoted_newlines_stay_in_one_row():
    data = b'a,b\n\n"line 1\nline 2",x\n'
    assert rows_of(data) == [(1, ["a", "b"]), (2, []), (3, ["line 1\nline 2", "x"])]


def test_limits_are_kept_while_streaming():
    with pytest.raises(TableError) as refused:
        rows_of(("a\n" + "x\n" * 20).encode(), Limits(max_rows=10))
    assert refused.value.code == "too_many_rows"
    with pytest.raises(TableError) as refused:
        rows_of(("a" + ",b" * 40 + "\n").encode(), Limits(max_cells_per_row=30))
    assert (refused.value.code, refused.value.row) == ("too_many_cells", 1)
    with pytest.raises(TableError) as refused:
        rows_of(("a,b\nx," + "y" * 300 + "\n").encode(), Limits(max_cell_chars=100))
    assert (refused.value.code, refused.value.row) == ("cell_too_long", 2)
    with pytest.raises(TableError) as refused:
        rows_of(b"a,b\n" + b"x" * 5000, Limits(max_file_bytes=1000))
    assert refused.value.code == "too_large"


def test_one_endless_line_is_refused_without_reading_it_whole():
    limits = Limits(max_cells_per_row=10, max_cell_chars=100)
    with pytest.raises(TableError) as refused:
        rows_of(b"a,b\n" + b",," * 10_000_000, limits)
    assert (refused.value.code, refused.value.row) == ("row_too_long", 2)


def test_an_empty_file_is_refused():
    with pytest.raises(TableError) as refused:
        rows_of(b"  \n\n")
    assert refused.value.code == "empty"


LETTERS = st.text(st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÁàẢãẠễộờữ \"'\n"
                                       "0123456789")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6).flatmap(lambda width: st.lists(
    st.lists(LETTERS, min_size=width, max_size=width), min_size=2, max_size=8)),
    st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_table_written_by_the_csv_module_reads_back(grid, delimiter, encoding):
    grid[0] = [f"h{i}" for i in range(len(grid[0]))]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(grid)
    rows = rows_of(out.getvalue().encode(encoding))
    assert [cells for _n, cells in rows] == grid
