"""The XLSX reader: what Excel and openpyxl write reads back; damaged workbooks are refused."""

import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tabular import Limits, TableError, read_rows
from tests.tabular.workbooks import (
    SHEET_HEAD,
    SHEET_TAIL,
    STRINGS_HEAD,
    WORKBOOK,
    sheet,
    workbook,
)

DEFAULT = Limits()


def rows_of(data: bytes, limits: Limits = DEFAULT) -> list:
    return list(read_rows("t.xlsx", io.BytesIO(data), limits))


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(data: bytes, limits: Limits = DEFAULT) -> TableError:
    with pytest.raises(TableError) as refused:
        rows_of(data, limits)
    return refused.value


def test_an_openpyxl_workbook_reads_back_with_types_and_row_numbers():
    book = Workbook()
    book.active.append(["Mã hồ sơ", "Ngày nhận", "Số lượng", "Ghi chú"])
    book.active.append(["000.00.20.H06-261107-0001", date(2026, 10, 5), 1, None])
    book.active.append([])
    book.active.append(["X", datetime(2026, 10, 5, 8, 30), 2.5, True])
    assert rows_of(saved(book)) == [
        (1, ["Mã hồ sơ", "Ngày nhận", "Số lượng", "Ghi chú"]),
        (2, ["000.00.20.H06-261107-0001", date(2026, 10, 5), 1]),
        (4, ["X", datetime(2026, 10, 5, 8, 30), 2.5, True]),
    ]


def test_cells_without_references_and_rich_text_runs_are_read_in_place():
    xml = (SHEET_HEAD + '<row><c t="inlineStr"><is><r><t>Nguyễn </t></r><r><t>Hà</t></r>'
           '</is></c><c r="C1"><v>7</v></c></row>' + SHEET_TAIL)
    assert rows_of(workbook(xml)) == [(1, ["Nguyễn Hà", None, 7])]


def test_shared_strings_with_phonetic_runs_keep_only_the_text():
    strings = STRINGS_HEAD + '<si><t>Hồ sơ</t><rPh><t>ホ</t></rPh></si></sst>'
    xml = SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL
    assert rows_of(workbook(xml, strings)) == [(1, ["Hồ sơ"])]


def test_a_prefixed_namespace_is_read_like_the_default_one():
    xml = ('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2"><x:v>3</x:v></x:c>'
           '</x:row></x:sheetData></x:worksheet>')
    assert rows_of(workbook(xml)) == [(2, [None, 3])]


def test_the_1904_date_system_is_honoured():
    book = Workbook()
    book.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    book.active.append([date(2026, 10, 5)])
    assert rows_of(saved(book)) == [(1, [date(2026, 10, 5)])]


@pytest.mark.parametrize("data, code", [
    (b"not a zip at all", "not_a_workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not_a_workbook"),
    (b"", "not_a_workbook"),
])
def test_files_that_are_not_workbooks_are_refused(data, code):
    assert refusal(data).code == code


def test_a_zip_without_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("hello.txt", "xin chào")
    assert refusal(out.getvalue()).code == "not_a_workbook"


def test_a_workbook_without_its_sheet_part_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/workbook.xml", WORKBOOK)
    assert refusal(out.getvalue()).code == "not_a_workbook"


def test_a_truncated_sheet_is_refused_with_the_row_it_stopped_in():
    xml = sheet([["a"], ["b"], ["c"]])
    error = refusal(workbook(xml[: xml.index('<row r="3">') + 20]))
    assert (error.code, error.row) == ("malformed", 3)


def test_a_shared_string_index_out_of_range_is_refused_with_its_row():
    strings = STRINGS_HEAD + "<si><t>a</t></si></sst>"
    xml = (SHEET_HEAD + '<row r="1"><c t="s"><v>0</v></c></row>'
           '<row r="2"><c t="s"><v>5</v></c></row>' + SHEET_TAIL)
    error = refusal(workbook(xml, strings))
    assert (error.code, error.row) == ("malformed", 2)
    assert "row 2" in error.message()


def test_a_truncated_zip_is_refused():
    data = workbook(sheet([["a"] * 20] * 200))
    assert refusal(data[: len(data) // 2]).code in ("not_a_workbook", "malformed")


def test_a_document_type_declaration_is_refused_so_no_entity_expands():
    xml = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData>'
           '</worksheet>')
    assert refusal(workbook(xml)).code == "malformed"


@pytest.mark.parametrize("cell, code", [
    ('<c r="A1"><v>abc</v></c>', "malformed"),
    ('<c r="1A"><v>1</v></c>', "malformed"),
    ('<c r="ZZZZ1"><v>1</v></c>', "malformed"),
])
def test_nonsense_cells_are_refused(cell, code):
    assert refusal(workbook(SHEET_HEAD + f'<row r="1">{cell}</row>' + SHEET_TAIL)).code == code


def test_limits_are_kept_row_by_row():
    rows = [[str(n)] for n in range(12)]
    assert refusal(workbook(sheet(rows)), Limits(max_rows=10)).code == "too_many_rows"
    wide = workbook(sheet([["x"] * 30]))
    error = refusal(wide, Limits(max_cells_per_row=20))
    assert (error.code, error.row) == ("too_many_cells", 1)
    long_cell = workbook(sheet([["y" * 200]]))
    assert refusal(long_cell, Limits(max_cell_chars=100)).code == "cell_too_long"


def test_too_many_shared_strings_are_refused_while_they_stream():
    strings = STRINGS_HEAD + "<si><t>s</t></si>" * 50 + "</sst>"
    error = refusal(workbook(sheet([["a"]]), strings), Limits(max_shared_strings=49))
    assert error.code == "too_many_strings"


def test_a_part_larger_than_the_limit_is_refused_before_it_is_read():
    data = workbook(sheet([["a" * 1000]] * 100))
    assert refusal(data, Limits(max_member_bytes=50_000)).code == "member_too_large"


def test_a_file_larger_than_the_limit_is_refused():
    assert refusal(workbook(sheet([["a"]])), Limits(max_file_bytes=100)).code == "too_large"


cell_values = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
            min_size=1, max_size=20).filter(lambda t: t.strip() == t and not t.startswith("=")),
    st.integers(-10**9, 10**9),
    st.dates(date(1901, 1, 1), date(2099, 12, 31)),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(cell_values, min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_workbook_reads_as_openpyxl_reads_it(grid):
    book = Workbook()
    for row in grid:
        book.active.append(row)
    data = saved(book)
    expected = []
    for number, row in enumerate(load_workbook(io.BytesIO(data), read_only=True).active
                                 .iter_rows(values_only=True), start=1):
        values = [v.date() if isinstance(v, datetime) and v.time() == datetime.min.time()
                  else v for v in row]
        while values and values[-1] is None:
            values.pop()
        if values:
            expected.append((number, values))
    assert rows_of(data) == expected


@pytest.mark.parametrize("row_xml, expected", [
    ('<row r="1"><c r="A1" t=\'inlineStr\'><is><t>a &amp; b &#273;&#x1EA1;</t></is></c>'
     '<c r="B1"/><c r="C1"><v/></c><c r="D1"><f>1+1</f><v>2</v></c></row>',
     (1, ["a & b đạ", None, None, 2])),
    ('<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<Xin chào>]]></t></is></c></row>',
     (1, ["<Xin chào>"])),
    ('<row r="1"><c r="A1"><v>1</v></c></row><!-- a note --><row r="2"><c r="A2"><v>2</v>'
     '</c></row>', (1, [1])),
])
def test_unusual_but_valid_sheets_read_the_same(row_xml, expected):
    assert rows_of(workbook(SHEET_HEAD + row_xml + SHEET_TAIL))[0] == expected


def test_a_sheet_in_another_encoding_is_read_by_the_event_parser():
    xml = ('<?xml version="1.0" encoding="UTF-16"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Hồ sơ</t></is></c></row>'
           '</sheetData></worksheet>').encode("utf-16")
    assert rows_of(workbook(xml)) == [(1, ["Hồ sơ"])]


def test_an_undefined_entity_or_content_between_rows_is_refused():
    bad_entity = SHEET_HEAD + '<row r="1"><c t="inlineStr"><is><t>&nbsp;</t></is></c></row>' \
        + SHEET_TAIL
    assert refusal(workbook(bad_entity)).code == "malformed"
    stray = SHEET_HEAD + '<row r="1"><c><v>1</v></c></row>stray<row r="2"/>' + SHEET_TAIL
    assert refusal(workbook(stray)).code == "malformed"


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(cell_values, min_size=1, max_size=5), min_size=1, max_size=6))
def test_the_plain_path_the_general_scan_and_the_event_parser_agree(grid):
    from tabular import xlsxscan

    book = Workbook()
    for row in grid:
        book.active.append(row)
    data = saved(book)
    fast = rows_of(data)
    original = xlsxscan.rows

    def unusual(*_args):
        raise xlsxscan.UnusualPart
        yield

    xlsxscan.rows = unusual
    try:
        assert rows_of(data) == fast
    finally:
        xlsxscan.rows = original
    plain = xlsxscan.plain_cells
    xlsxscan.plain_cells = lambda inner: None
    try:
        assert rows_of(data) == fast
    finally:
        xlsxscan.plain_cells = plain
